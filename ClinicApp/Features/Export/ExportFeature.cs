namespace ClinicApp.Features.Export;

/// <summary>The hospital's full export (every table as CSV plus its files, in one ZIP): asked for by an
/// admin, built by a background job, downloadable for 24 hours.</summary>
public static class ExportFeature
{
    public static WebApplicationBuilder AddExport(this WebApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder endpoints) => endpoints;
}
