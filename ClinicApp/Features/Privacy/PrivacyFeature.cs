namespace ClinicApp.Features.Privacy;

/// <summary>The tutor's rights under the LGPD: consents and their history, access and portability
/// ("download my data"), erasure (request, review, anonymisation), the hospital's privacy notice.</summary>
public static class PrivacyFeature
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder endpoints) => endpoints;
}
