using ClinicApp.Features.Care;

namespace ClinicApp.Features.Ram;

/// <summary>The RAM: recording doses, the checklist, adherence, shift handover (DOMAIN.md area 4).</summary>
public static class RamFeature
{
    public static WebApplicationBuilder AddRam(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AdministrationService>();
        builder.Services.AddScoped<RamChecklist>();
        builder.Services.AddSingleton<CareSnapshots<RamSnapshot>>();
        builder.Services.AddScoped<AdherenceService>();
        builder.Services.AddScoped<ShiftHandoverService>();
        builder.Services.AddScoped<CareSettingsService>();
        return builder;
    }
}
