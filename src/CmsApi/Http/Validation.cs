using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Http;

/// <summary>
/// Runs the FluentValidation validator of each handler parameter that has one; a failure answers 400 with per-field
/// <c>errors</c> before the handler runs, so nothing is written. Which parameters have validators is worked out once,
/// when the endpoint is built, not on every request; the validators (singletons) are built on first use, because
/// compiling their rules took about 60 ms of start-up, when every endpoint is built.
/// </summary>
public static class ValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices;
        var registered = services.GetRequiredService<IServiceProviderIsService>();
        var validators = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (Index: index, Type: typeof(IValidator<>).MakeGenericType(parameter.ParameterType)))
            .Where(v => registered.IsService(v.Type))
            .Select(v => (v.Index, Validator: new Lazy<IValidator>(() => (IValidator)services.GetRequiredService(v.Type))))
            .ToArray();
        if (validators.Length == 0)
        {
            return next;
        }
        return async invocation =>
        {
            foreach (var (index, validator) in validators)
            {
                if (invocation.Arguments[index] is not { } argument)
                {
                    continue;
                }
                var result = await validator.Value.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    return Problem(result);
                }
            }
            return await next(invocation);
        };
    }

    /// <summary>A 400 with each failed field's messages under its JSON name.</summary>
    public static ProblemHttpResult Problem(FluentValidation.Results.ValidationResult result) =>
        Problems.Validation(Errors(result));

    public static Dictionary<string, string[]> Errors(FluentValidation.Results.ValidationResult result) =>
        result.Errors.GroupBy(e => JsonPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    /// <summary><c>Copyright.StartYear</c> → <c>copyright.startYear</c>, matching the JSON the client sent.</summary>
    public static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}

public static class ValidationExtensions
{
    public static RouteHandlerBuilder WithValidation(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilterFactory(ValidationFilter.Create).ProducesValidationProblem();
}

public static class TextRules
{
    /// <summary>Rejects control characters (tabs included): every text field of the API is plain single-line text.</summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || !HasControlCharacter(value))
            .WithMessage("Control characters are not allowed.");

    public static bool HasControlCharacter(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.Contains('\u007f', StringComparison.Ordinal);
}
