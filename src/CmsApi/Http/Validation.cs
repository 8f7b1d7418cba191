using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CmsApi.Http;

/// <summary>
/// Runs the FluentValidation validator of each argument that has one; a failure answers 400
/// with per-field <c>errors</c> before the handler runs, so nothing is written.
/// </summary>
public sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is null)
            {
                continue;
            }
            var validatorType = typeof(IValidator<>).MakeGenericType(argument.GetType());
            if (context.HttpContext.RequestServices.GetService(validatorType) is not IValidator validator)
            {
                continue;
            }
            var result = await validator.ValidateAsync(new ValidationContext<object>(argument), context.HttpContext.RequestAborted);
            if (!result.IsValid)
            {
                return Problem(result);
            }
        }
        return await next(context);
    }

    /// <summary>A 400 with each failed field's messages under its JSON name.</summary>
    public static ProblemHttpResult Problem(FluentValidation.Results.ValidationResult result) =>
        TypedResults.Problem(new HttpValidationProblemDetails(result.Errors
            .GroupBy(e => JsonPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "One or more fields are invalid.",
            Extensions = { ["code"] = "validation_failed" },
        });

    /// <summary><c>Copyright.StartYear</c> → <c>copyright.startYear</c>, matching the JSON the client sent.</summary>
    public static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}

public static class ValidationExtensions
{
    public static RouteHandlerBuilder WithValidation(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(new ValidationFilter()).ProducesValidationProblem();
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
