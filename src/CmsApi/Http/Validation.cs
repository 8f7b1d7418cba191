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
        // A loop rather than LINQ over (index, validator) tuples: those generic instantiations are not in the
        // precompiled image, and compiling them at start-up took about 10 ms.
        var validators = new List<ParameterValidator>();
        var parameters = context.MethodInfo.GetParameters();
        for (var index = 0; index < parameters.Length; index++)
        {
            var type = typeof(IValidator<>).MakeGenericType(parameters[index].ParameterType);
            if (registered.IsService(type))
            {
                validators.Add(new ParameterValidator(index, new Lazy<IValidator>(() => (IValidator)services.GetRequiredService(type))));
            }
        }
        if (validators.Count == 0)
        {
            return next;
        }
        return async invocation =>
        {
            foreach (var parameter in validators)
            {
                if (invocation.Arguments[parameter.Index] is not { } argument)
                {
                    continue;
                }
                var result = await parameter.Validator.Value.ValidateAsync(new ValidationContext<object>(argument),
                    invocation.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    return Problem(result);
                }
            }
            return await next(invocation);
        };
    }

    private sealed record ParameterValidator(int Index, Lazy<IValidator> Validator);

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
    /// <summary>
    /// The validators, with messages that name a field as the client sent it (<c>'copyright.holder' must not be
    /// empty</c>), as the keys of <c>errors</c> do, instead of FluentValidation's split .NET name (<c>'Copyright Holder'</c>).
    /// </summary>
    public static IServiceCollection AddCmsValidation(this IServiceCollection services)
    {
        ValidatorOptions.Global.DisplayNameResolver = (type, member, expression) =>
            ValidatorOptions.Global.PropertyNameResolver(type, member, expression) is { } name ? ValidationFilter.JsonPath(name) : null;
        return services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
    }

    public static RouteHandlerBuilder WithValidation(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilterFactory(ValidationFilter.Create).ProducesValidationProblem();
}

public static class TextRules
{
    /// <summary>Rejects control characters (tabs included): every text field of the API is plain single-line text.</summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || !HasControlCharacter(value))
            .WithMessage("Control characters are not allowed.");

    /// <summary>
    /// The bounds of an excerpt of <paramref name="text"/> (around a match) moved off the middle of a character beyond
    /// the BMP: it starts after a pair it would cut, and ends after it.
    /// </summary>
    public static (int Start, int End) WholeCharacters(string text, int start, int end) =>
        (start + (start > 0 && start < text.Length && char.IsLowSurrogate(text[start]) ? 1 : 0),
         end + (end > 0 && end < text.Length && char.IsLowSurrogate(text[end]) ? 1 : 0));

    /// <summary>An optional text field as stored: trimmed, and null when blank.</summary>
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Where a link may point: an absolute http(s) URL, or a path on the site's own domain (starting with one '/').</summary>
    public static bool IsLinkOrPath(string? value) =>
        value is not null && (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal)
            || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)));

    public static bool HasControlCharacter(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.Contains('\u007f', StringComparison.Ordinal);
}
