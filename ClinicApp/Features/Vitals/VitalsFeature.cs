namespace ClinicApp.Features.Vitals;

/// <summary>Vital signs, their reference ranges and the emergency alerts they raise (DOMAIN.md area 4).</summary>
public static class VitalsFeature
{
    public static WebApplicationBuilder AddVitals(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<VitalsService>();
        builder.Services.AddScoped<VitalRangesService>();
        return builder;
    }
}
