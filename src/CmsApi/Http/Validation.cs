using FluentValidation;

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
                var errors = result.Errors
                    .GroupBy(e => JsonPath(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
                return TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid.",
                    extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });
            }
        }
        return await next(context);
    }

    /// <summary><c>Copyright.StartYear</c> → <c>copyright.startYear</c>, matching the JSON the client sent.</summary>
    private static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}

public static class ValidationExtensions
{
    public static RouteHandlerBuilder WithValidation(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(new ValidationFilter()).ProducesValidationProblem();
}
