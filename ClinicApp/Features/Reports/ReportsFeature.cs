using System.Globalization;
using ClinicApp.Components.Shared;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Reports;

/// <summary>The hospital's reports: the daily attendance report (presences, absences, the day's
/// figures and the reminders' delivery), downloadable from the Today page and e-mailed to the admins
/// every evening.</summary>
public static class ReportsFeature
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<AttendanceReportService>();
        services.AddScoped<IHospitalRecurringJob, AttendanceReportJob>();
        services.AddToSlot<TodayTools, AttendanceReportDownload>(order: 10);
        return builder;
    }

    /// <summary>The attendance report's PDF of a day, under the hospital's path
    /// ("/{hospital}/reports/attendance/2026-12-07.pdf"): reception and admins only; a malformed or
    /// future day is not found (there is no report of it).</summary>
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reports/attendance/{day}.pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            string day, AttendanceReportService reports, HospitalTime time, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
        {
            if (ParseDay(day) is not { } date || date > time.Today)
            {
                return TypedResults.NotFound();
            }

            var file = AttendanceReportDocument.Render(await reports.BuildAsync(date, ct), localizer);
            return TypedResults.File(file.Content, "application/pdf", file.FileName);
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Split(AttendanceReportService.Readers)));
        return endpoints;
    }

    /// <summary>The address of a day's report, relative to the hospital's base.</summary>
    public static string AttendancePdfPath(DateOnly day) =>
        $"reports/attendance/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.pdf";

    /// <summary>"2026-12-07" → the day; anything else (another format, 2026-02-30, year 0) → null.</summary>
    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 2000 ? day : null;
}
