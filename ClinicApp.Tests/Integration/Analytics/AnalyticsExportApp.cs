using ClinicApp.Features.Analytics;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>The real app with one more dashboard section, of the tests only: the exports are tested apart from
/// the real sections (written beside them), on figures whose source the tests control.</summary>
public sealed class AnalyticsExportApp : ClinicAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddScoped<IAnalyticsSection, ExportTestSection>());
    }
}

public sealed class AnalyticsExportFixture : IAsyncLifetime
{
    public AnalyticsExportApp App { get; } = new();

    public Task InitializeAsync()
    {
        _ = App.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>A section that reads the hospital's own database: a chart of the tutors whose name starts with
/// <see cref="Marker"/> (so another hospital's tutors could only show up by a leak), a last category naming who
/// the figures are for (the hospital, or "vet:{id}" in a veterinarian's own view), and the period in its title.</summary>
internal sealed class ExportTestSection(ClinicDbFactory dbFactory) : IAnalyticsSection
{
    public const string ChartId = "export-test-tutors";
    public const string Marker = "Analytics Export";

    // First, so the monthly e-mail (which lists the first cards) names its card beside the real sections'.
    public int Order => -1;

    public bool ForVets => true;

    public static string Viewer(Guid? vetId) => vetId is { } vet ? $"vet:{vet:N}" : "hospital";

    public async Task<AnalyticsSectionResult> ComputeAsync(AnalyticsContext context, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tutors = await db.Tutors.AsNoTracking().Where(t => t.Name.StartsWith(Marker)).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        var categories = tutors.Select(t => new ChartCategory(t.Id.ToString("N"), t.Name)).Append(new ChartCategory("viewer", Viewer(context.VetId))).ToList();
        var chart = new ChartData(ChartId, $"Export test {context.Period.FromText}..{context.Period.ToText}", ChartShape.Category, ValueFormat.Money, categories,
            [new ChartSeriesData("value", "Valor", categories.Select(_ => (decimal?)1234.56m).ToList())]);
        return new AnalyticsSectionResult([new FigureValue("export-test-card", "Export test card", ValueFormat.Money, 1234.56m * tutors.Count)], [chart]);
    }

    public Task<DrillList?> DrillAsync(AnalyticsContext context, DrillKey key, CancellationToken ct) => Task.FromResult<DrillList?>(null);
}
