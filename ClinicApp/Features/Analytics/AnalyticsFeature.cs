using ClinicApp.Infrastructure.Jobs;

namespace ClinicApp.Features.Analytics;

/// <summary>The hospital's analytics: the dashboard at /{hospital}/analytics (admins; veterinarians see their own
/// production), the records behind every figure, the PDF report, CSV/XLSX tables and the monthly e-mailed report.
/// Figures come from <see cref="AnalyticsService"/> and its sections.</summary>
public static class AnalyticsFeature
{
    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<AnalyticsService>();
        services.AddScoped<DailyFigures>();
        services.AddScoped<IAnalyticsSection, RevenueSection>();
        services.AddScoped<IAnalyticsSection, AgendaSection>();
        services.AddSingleton<AnalyticsCache>();
        services.AddScoped<AnalyticsDashboards>();
        services.AddScoped<IHospitalRecurringJob, MonthlyAnalyticsReportJob>();
        services.AddScoped<IHospitalRecurringJob, AnalyticsDaysJob>();
        services.AddScoped<IAnalyticsSection, CareSection>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder endpoints) => endpoints.MapAnalyticsExports();
}
