using System.Globalization;
using ClinicApp.Components.Shared;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Download = Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult, Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult, Microsoft.AspNetCore.Http.HttpResults.ForbidHttpResult, Microsoft.AspNetCore.Http.HttpResults.NotFound>;

namespace ClinicApp.Features.Analytics;

/// <summary>The dashboard's downloads, under the hospital's path, for the period of the address
/// (<c>?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>, as the page's): the whole report as PDF
/// (<c>analytics/report.pdf</c>) and one chart's table as CSV or XLSX (<c>analytics/{chart}.csv|.xlsx</c>). Admins
/// get the hospital's figures, a veterinarian their own (the service decides, as for the page). An address without
/// a period gets the page's default (the last 30 days); a period that is malformed, reversed or too long is refused
/// with a 400 saying why in the reader's language rather than quietly exporting another period than the one asked;
/// a chart the reader's dashboard does not have is not found. The dashboard comes through <see cref="AnalyticsDashboards"/>,
/// the page's shared one: a download of what is on the screen does not compute the period again.</summary>
public static class AnalyticsExports
{
    public const string PdfContentType = "application/pdf";

    public static IEndpointRouteBuilder MapAnalyticsExports(this IEndpointRouteBuilder endpoints)
    {
        var readers = Roles.Split(AnalyticsService.Readers);
        endpoints.MapGet("/analytics/report.pdf", async Task<Download> (
            string? from, string? to, AnalyticsDashboards analytics, TenantContext tenant, HospitalTime time, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
        {
            var (dashboard, period, refusal) = await BuildAsync(from, to, analytics, time, localizer, ct);
            if (dashboard is null)
            {
                return refusal!;
            }

            var pdf = AnalyticsReport.Render(dashboard, localizer, time.Zone);
            return TypedResults.File(pdf, PdfContentType, AnalyticsReport.FileName(localizer["Analytics.Export.ReportFile"], tenant.Tenant.Slug, period!, "pdf"));
        })
        .RequireAuthorization(policy => policy.RequireRole(readers));

        // One chart's table, as the page offers it: CSV or XLSX.
        endpoints.MapGet("/analytics/{chart}.{format}", async Task<Download> (
            string chart, string format, string? from, string? to, AnalyticsDashboards analytics, TenantContext tenant, HospitalTime time, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
        {
            if (format is not ("csv" or "xlsx"))
            {
                return TypedResults.NotFound();
            }

            var (dashboard, period, refusal) = await BuildAsync(from, to, analytics, time, localizer, ct);
            if (dashboard is null)
            {
                return refusal!;
            }

            if (dashboard.Chart(chart) is not { } data)
            {
                return TypedResults.NotFound();
            }

            var table = AnalyticsTables.Of(data, localizer);
            var fileName = AnalyticsReport.FileName(data.Id, tenant.Tenant.Slug, period!, format);
            return format == "csv"
                ? TypedResults.File(AnalyticsTables.Csv(table, CultureInfo.CurrentCulture), "text/csv; charset=utf-8", fileName)
                : TypedResults.File(AnalyticsTables.Xlsx(table), AnalyticsTables.XlsxContentType, fileName);
        })
        .RequireAuthorization(policy => policy.RequireRole(readers));
        return endpoints;
    }

    /// <summary>The period of the address: none → the last 30 days; one that cannot be read → null.</summary>
    public static AnalyticsPeriod? PeriodOf(string? from, string? to, DateOnly today) =>
        string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to) ? AnalyticsPeriod.Of(PeriodPreset.Last30Days, today) : AnalyticsPeriod.Parse(from, to);

    private static async Task<(AnalyticsDashboard? Dashboard, AnalyticsPeriod? Period, Download? Refusal)> BuildAsync(
        string? from, string? to, AnalyticsDashboards analytics, HospitalTime time, IStringLocalizer localizer, CancellationToken ct)
    {
        if (PeriodOf(from, to, time.Today) is not { } period)
        {
            return (null, null, BadRequest(localizer, new DomainRuleException("Analytics.Error.Period", AnalyticsPeriod.MaxDays)));
        }

        try
        {
            return (await analytics.BuildAsync(period, ct), period, null);
        }
        catch (DomainRuleException refusal) when (refusal.Message == "Common.Error.NotAllowed")
        {
            return (null, null, TypedResults.Forbid());
        }
        catch (DomainRuleException refusal)
        {
            return (null, null, BadRequest(localizer, refusal));
        }
    }

    private static ContentHttpResult BadRequest(IStringLocalizer localizer, DomainRuleException refusal) =>
        TypedResults.Content(localizer.Describe(refusal), "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}
