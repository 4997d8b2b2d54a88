using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Analytics;
using ClinicApp.Features.Invoices;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace ClinicApp.Tests.Components.Analytics;

/// <summary>The dashboard page over whatever the sections return (a test section here; the real sections have
/// their own tests): each state as an admin reads it in Portuguese — loading, figures against the previous
/// period, an empty period, a failure — the period in the address, the drill-down dialog, and the live reload.</summary>
public sealed class AnalyticsPageTests : ComponentTestContext, IAsyncLifetime
{
    // 15:00 UTC is noon in São Paulo: "today" is the 30th for the hospital.
    private static readonly DateOnly Today = new(2027, 3, 30);

    // The machine is shared: a first render of MudBlazor's table may take a while.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly AnalyticsTestSection _section = new();
    private readonly InProcessEventBus _bus = new(NullLogger<InProcessEventBus>.Instance);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 30, 15, 0, 0, TimeSpan.Zero));
    private readonly CurrentActor _actor = new();
    private readonly CultureScope _culture = new("pt-BR");

    public AnalyticsPageTests()
    {
        Services.AddSingleton<IEventBus>(_bus);
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddScoped<HospitalEvents>();
        Services.AddScoped<LiveUpdates>();
        Services.AddScoped<HospitalTime>();
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton(_actor);
        Services.AddSingleton<IAnalyticsSection>(_section);
        Services.AddScoped<AnalyticsService>();
        Services.AddSingleton<AnalyticsCache>();
        Services.AddScoped<AnalyticsDashboards>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        As(Roles.Admin);
    }

    private BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _culture.Dispose();
    }

    [Fact]
    public void Before_the_screen_is_interactive_it_shows_skeletons_and_computes_nothing()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<AnalyticsPage>();

        Assert.NotEmpty(cut.FindAll("[data-testid=analytics-loading] .mud-skeleton"));
        Assert.Empty(cut.FindAll("[data-testid=analytics-cards]"));
        Assert.Equal(0, _section.Computations);
    }

    [Fact]
    public void While_the_figures_are_computed_skeletons_hold_their_place()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _section.Gate = () => release.Task;
        _section.Result = ctx => Figures(ctx, current: 1500m, previous: 1000m);

        var cut = Render<AnalyticsPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=analytics-loading] .mud-skeleton")), Wait);
        release.SetResult();
        cut.WaitForElement("[data-testid=card-revenue]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=analytics-loading]"));
    }

    [Fact]
    public void Each_card_shows_its_value_the_previous_one_and_the_change_coloured_by_what_is_better()
    {
        Navigation.NavigateTo("analytics?from=2027-03-01&to=2027-03-30");
        _section.Result = ctx => Figures(ctx, current: 1500m, previous: 1000m);

        var cut = Render<AnalyticsPage>();
        cut.WaitForElement("[data-testid=card-revenue]", Wait);

        var revenue = cut.Find("[data-testid=card-revenue]");
        Assert.Equal("Faturamento", revenue.QuerySelector(".mud-typography-subtitle2")!.TextContent.Trim());
        Assert.Equal("R$ 1.500,00", Text(revenue, "card-value"));
        Assert.Equal("anterior: R$ 1.000,00", Text(revenue, "card-previous"));
        Assert.Equal("▲ 50,0%", Text(revenue, "card-change"));
        Assert.Equal(nameof(Color.Success), revenue.QuerySelector("[data-testid=card-change]")!.GetAttribute("data-color"));

        // Fewer no-shows is better: down and green.
        var noShows = cut.Find("[data-testid=card-no-show-rate]");
        Assert.Equal("20,0%", Text(noShows, "card-value"));
        Assert.Equal("▼ 20,0%", Text(noShows, "card-change"));
        Assert.Equal(nameof(Color.Success), noShows.QuerySelector("[data-testid=card-change]")!.GetAttribute("data-color"));

        // Nothing before (a new figure) or zero before: no percentage can be said, and none is invented.
        var stay = cut.Find("[data-testid=card-average-stay]");
        Assert.Equal("2,5 dias", Text(stay, "card-value"));
        Assert.Equal("anterior: —", Text(stay, "card-previous"));
        Assert.Equal("—", Text(stay, "card-change"));
        var tutors = cut.Find("[data-testid=card-new-tutors]");
        Assert.Equal("4", Text(tutors, "card-value"));
        Assert.Equal("—", Text(tutors, "card-change"));
        Assert.DoesNotContain("NaN", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", cut.Markup, StringComparison.Ordinal);

        // In the order the sections gave them.
        Assert.Equal(
            ["card-revenue", "card-no-show-rate", "card-average-stay", "card-new-tutors"],
            cut.FindAll("[data-testid^=card-][data-drillable]").Select(e => e.GetAttribute("data-testid")!));

        Assert.StartsWith("01/03/2027 – 30/03/2027, comparado com 30/01/2027 – 28/02/2027", cut.Find("[data-testid=analytics-compared]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("analytics/report.pdf?from=2027-03-01&to=2027-03-30", cut.Find("[data-testid=analytics-pdf]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=analytics-vet]"));
    }

    [Fact]
    public void A_chart_shows_its_headline_against_the_previous_and_one_with_nothing_says_so()
    {
        Navigation.NavigateTo("analytics?from=2027-03-01&to=2027-03-30");
        _section.Result = ctx => Figures(ctx, current: 1500m, previous: 1000m);

        var popovers = Render<MudPopoverProvider>();
        var cut = Render<AnalyticsPage>();
        cut.WaitForElement("[data-testid=chart-card-revenue-by-day]", Wait);

        var drawn = cut.Find("[data-testid=chart-card-revenue-by-day]");
        Assert.Equal("R$ 1.500,00", Text(drawn, "chart-headline"));
        Assert.Equal("▲ 50,0%", Text(drawn, "chart-change"));
        Assert.NotNull(drawn.QuerySelector("[data-testid=chart-revenue-by-day]"));
        var empty = cut.Find("[data-testid=chart-card-top-services]");
        Assert.Equal("Nada a mostrar neste período", Text(empty, "chart-empty"));
        Assert.Null(empty.QuerySelector("[data-testid=chart-top-services]"));

        var menu = cut.FindComponents<MudMenu>().Single(m => m.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, "chart-menu-revenue-by-day"));
        menu.Find("button").Click();
        popovers.WaitForAssertion(() => Assert.Equal("analytics/revenue-by-day.csv?from=2027-03-01&to=2027-03-30", popovers.Find("[data-testid=chart-csv]").GetAttribute("href")), Wait);
        Assert.Equal("analytics/revenue-by-day.xlsx?from=2027-03-01&to=2027-03-30", popovers.Find("[data-testid=chart-xlsx]").GetAttribute("href"));
    }

    [Fact]
    public void An_empty_period_says_nothing_happened_instead_of_empty_charts()
    {
        _section.Result = _ => new AnalyticsSectionResult(
            [new FigureValue("revenue", "Faturamento", ValueFormat.Money, 0m), new FigureValue("no-show-rate", "Faltas", ValueFormat.Percent, null, HigherIsBetter: false)],
            [Chart("revenue-by-day", null)]);

        var cut = Render<AnalyticsPage>();

        cut.WaitForAssertion(() => Assert.Contains("Nenhum movimento neste período", cut.Find("[data-testid=analytics-empty]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(cut.FindAll("[data-testid=analytics-cards]"));
        Assert.Empty(cut.FindAll("[data-testid=analytics-charts]"));
    }

    [Fact]
    public void A_failure_leaves_a_message_on_the_page()
    {
        _section.Gate = () => throw new InvalidOperationException("database down");

        var cut = Render<AnalyticsPage>();

        cut.WaitForAssertion(() => Assert.Equal(
            "Não foi possível calcular os indicadores. Tente de novo em instantes.",
            cut.Find("[data-testid=analytics-error]").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=analytics-cards]"));
    }

    [Fact]
    public void A_refusal_reads_in_the_readers_language()
    {
        As(Roles.Receptionist);

        var cut = Render<AnalyticsPage>();

        cut.WaitForAssertion(() => Assert.Equal("Seu perfil não permite esta ação.", cut.Find("[data-testid=analytics-error]").TextContent.Trim()), Wait);
        Assert.Equal(0, _section.Computations);
    }

    [Fact]
    public void A_veterinarian_reads_that_the_figures_are_their_own_production()
    {
        As(Roles.Veterinarian);
        _section.Result = ctx => Figures(ctx, current: 1500m, previous: 1000m);

        var cut = Render<AnalyticsPage>();

        cut.WaitForAssertion(() => Assert.Equal("Sua produção", cut.Find("[data-testid=analytics-vet]").TextContent.Trim()), Wait);
        Assert.Equal(_actor.UserId, _section.LastContext!.VetId);
    }

    [Fact]
    public void A_malformed_address_shows_the_last_thirty_days_without_an_error()
    {
        Navigation.NavigateTo("analytics?from=2027-13-01&to=yesterday");
        _section.Result = ctx => Figures(ctx, current: 1500m, previous: 1000m);

        var cut = Render<AnalyticsPage>();
        cut.WaitForElement("[data-testid=card-revenue]", Wait);

        Assert.Empty(cut.FindAll("[data-testid=analytics-error]"));
        Assert.StartsWith("01/03/2027 – 30/03/2027, comparado com 30/01/2027 – 28/02/2027", cut.Find("[data-testid=analytics-compared]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("mud-chip-selected", cut.Find("[data-testid=period-Last30Days]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_a_preset_puts_the_period_in_the_address_and_shows_it()
    {
        Navigation.NavigateTo("analytics");
        _section.Result = ctx => Figures(ctx, current: ctx.Period.Days, previous: 1m);
        var cut = Render<AnalyticsPage>();
        cut.WaitForElement("[data-testid=card-revenue]", Wait);

        cut.Find("[data-testid=period-Last7Days]").Click();

        // The sections compute on the thread pool: the chip's handler may run after the dashboard's own render.
        cut.WaitForAssertion(() => Assert.EndsWith("analytics?from=2027-03-24&to=2027-03-30", Navigation.Uri, StringComparison.Ordinal), Wait);
        cut.WaitForAssertion(() => Assert.Equal("R$ 7,00", Text(cut.Find("[data-testid=card-revenue]"), "card-value")), Wait);
        Assert.StartsWith("24/03/2027 – 30/03/2027, comparado com 17/03/2027 – 23/03/2027", cut.Find("[data-testid=analytics-compared]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("analytics/report.pdf?from=2027-03-24&to=2027-03-30", cut.Find("[data-testid=analytics-pdf]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_custom_range_puts_its_days_in_the_address()
    {
        Navigation.NavigateTo("analytics");
        // A past range: its value is its number of days.
        _section.Result = ctx => new AnalyticsSectionResult([new FigureValue("revenue", "Faturamento", ValueFormat.Money, ctx.Period.Days)], []);
        var cut = Render<AnalyticsPage>();
        cut.WaitForElement("[data-testid=card-revenue]", Wait);

        var picker = cut.FindComponent<MudDateRangePicker>();
        await cut.InvokeAsync(() => picker.Instance.DateRangeChanged.InvokeAsync(new DateRange(new DateTime(2027, 2, 10), new DateTime(2027, 2, 19))));

        Assert.EndsWith("analytics?from=2027-02-10&to=2027-02-19", Navigation.Uri, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Equal("R$ 10,00", Text(cut.Find("[data-testid=card-revenue]"), "card-value")), Wait);
        Assert.Empty(cut.FindAll(".mud-chip-selected"));
    }

    [Fact]
    public void The_records_can_be_sorted_by_value()
    {
        _section.Result = ctx => Figures(ctx, current: 1500m, previous: 1000m);
        _section.Drill = (_, _) => new DrillList("Faturas", ValueFormat.Money, DrillAggregate.Sum,
            [Row(DrillRecord.Invoice, "B", 200m), Row(DrillRecord.Invoice, "A", 50m), Row(DrillRecord.Invoice, "C", 1250m)]);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AnalyticsPage>();
        cut.WaitForElement("[data-testid=card-revenue]", Wait);
        cut.Find("[data-testid=card-revenue]").Click();
        dialogs.WaitForElement("[data-testid=drill-table]", Wait);

        dialogs.FindAll("th .mud-table-sort-label").Single(l => l.TextContent.Contains("Valor", StringComparison.Ordinal)).Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            ["R$ 50,00", "R$ 200,00", "R$ 1.250,00"], dialogs.FindAll("[data-testid=drill-value]").Select(v => v.TextContent.Trim())), Wait);
        Assert.Equal("R$ 1.500,00", dialogs.Find("[data-testid=drill-total]").TextContent.Trim());
    }

    [Fact]
    public void Clicking_a_card_lists_its_records_with_links_and_the_total_of_the_figure()
    {
        var invoices = Enumerable.Range(1, 12).Select(i => Guid.NewGuid()).ToList();
        _section.Result = ctx => Figures(ctx, current: 1500m, previous: 1000m);
        _section.Drill = (_, key) => key == new DrillKey("revenue")
            ? new DrillList("Faturas emitidas", ValueFormat.Money, DrillAggregate.Sum,
                invoices.Select((id, i) => new DrillRow(DrillRecord.Invoice, id, new DateTime(2027, 3, 2 + i, 13, 0, 0, DateTimeKind.Utc), $"Fatura {i + 1}", $"Tutor {i + 1}", 125m, $"invoices/{id}")).ToList())
            : null;
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AnalyticsPage>();
        cut.WaitForElement("[data-testid=card-revenue]", Wait);

        cut.Find("[data-testid=card-revenue]").Click();

        dialogs.WaitForElement("[data-testid=drill-table]", Wait);
        Assert.Equal("Faturas emitidas", dialogs.Find("[data-testid=drill-title]").TextContent.Trim());
        Assert.Equal("12 registros", dialogs.Find("[data-testid=drill-count]").TextContent.Trim());
        // The first page of ten, each linking to its invoice; the total is of all twelve, as the card.
        var links = dialogs.FindAll("[data-testid=drill-link]");
        Assert.Equal(10, links.Count);
        Assert.Contains(links, l => l.GetAttribute("href") == $"invoices/{invoices[0]}");
        Assert.Equal("R$ 125,00", dialogs.FindAll("[data-testid=drill-value]")[0].TextContent.Trim());
        Assert.Equal("R$ 1.500,00", dialogs.Find("[data-testid=drill-total]").TextContent.Trim());
        Assert.Equal(Text(cut.Find("[data-testid=card-revenue]"), "card-value"), dialogs.Find("[data-testid=drill-total]").TextContent.Trim());

        // The search narrows the rows shown, not the total.
        var search = dialogs.Find("[data-testid=drill-search]");
        (search.TagName == "INPUT" ? search : search.QuerySelector("input")!).Input("Tutor 12");
        dialogs.WaitForAssertion(() => Assert.Equal($"invoices/{invoices[11]}", Assert.Single(dialogs.FindAll("[data-testid=drill-link]")).GetAttribute("href")), Wait);
        Assert.Equal("R$ 1.500,00", dialogs.Find("[data-testid=drill-total]").TextContent.Trim());
    }

    [Fact]
    public async Task Clicking_a_chart_point_lists_the_records_of_that_point_and_a_rate_reads_as_one()
    {
        DrillKey? asked = null;
        _section.Result = ctx => Figures(ctx, current: 1500m, previous: 1000m);
        _section.Drill = (_, key) =>
        {
            asked = key;
            return new DrillList("Consultas de 02/03", ValueFormat.Percent, DrillAggregate.Rate,
            [
                Row(DrillRecord.Appointment, "Rex", 1m), Row(DrillRecord.Appointment, "Mia", 0m), Row(DrillRecord.Appointment, "Bob", 0m),
                Row(DrillRecord.Appointment, "Tom", 0m), Row(DrillRecord.Appointment, "Lua", 0m), Row(DrillRecord.Appointment, "Zeca", 0m),
                Row(DrillRecord.Appointment, "Nina", 1m),
            ]);
        };
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AnalyticsPage>();
        cut.WaitForElement("[data-testid=chart-revenue-by-day]", Wait);

        var chart = cut.FindComponents<AnalyticsChart>().Single(c => c.Instance.Data.Id == "revenue-by-day");
        await cut.InvokeAsync(() => chart.Instance.OnDrill.InvokeAsync(new DrillKey("revenue-by-day", "consultations", "2027-03-02")));

        dialogs.WaitForElement("[data-testid=drill-table]", Wait);
        Assert.Equal(new DrillKey("revenue-by-day", "consultations", "2027-03-02"), asked);
        Assert.Equal("28,6%", dialogs.Find("[data-testid=drill-total]").TextContent.Trim());
        Assert.Equal(["Sim", "Não", "Não", "Não", "Não", "Não", "Sim"], dialogs.FindAll("[data-testid=drill-value]").Select(v => v.TextContent.Trim()));
        Assert.Empty(dialogs.FindAll("[data-testid=drill-link]"));
    }

    [Fact]
    public void A_figure_that_names_nothing_says_so_in_the_dialog()
    {
        _section.Result = ctx => Figures(ctx, current: 1500m, previous: 1000m);
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AnalyticsPage>();
        cut.WaitForElement("[data-testid=card-revenue]", Wait);

        cut.Find("[data-testid=card-revenue]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "Este registro não existe mais. Talvez alguém o tenha removido.", dialogs.Find("[data-testid=drill-error]").TextContent.Trim()), Wait);
        Assert.Empty(dialogs.FindAll("[data-testid=drill-table]"));
    }

    [Fact]
    public async Task A_payment_elsewhere_updates_the_figures_once_for_a_burst()
    {
        var revenue = 1500m;
        _section.Result = ctx => Figures(ctx, current: ctx.Period.Contains(Today) ? revenue : 1000m, previous: 1000m);
        var cut = Render<AnalyticsPage>();
        cut.WaitForAssertion(() => Assert.Equal("R$ 1.500,00", Text(cut.Find("[data-testid=card-revenue]"), "card-value")), Wait);
        var cache = Services.GetRequiredService<AnalyticsCache>();
        Assert.Equal(1, cache.Computations);

        revenue = 1750m;
        for (var i = 0; i < 5; i++)
        {
            await _bus.PublishAsync(ComponentTestContext.Aurora.Id, new InvoiceChanged(Guid.NewGuid()));
        }

        for (var i = 0; i < 200 && Text(cut.Find("[data-testid=card-revenue]"), "card-value") != "R$ 1.750,00"; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }

        cut.WaitForAssertion(() => Assert.Equal("R$ 1.750,00", Text(cut.Find("[data-testid=card-revenue]"), "card-value")), Wait);
        Assert.Equal(2, cache.Computations);
    }

    private static string Text(IElement scope, string testId) =>
        scope.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    private static DrillRow Row(DrillRecord kind, string title, decimal value) => new(kind, Guid.NewGuid(), null, title, null, value, null);

    /// <summary>Four cards and two charts; the current period's revenue is <paramref name="current"/>, the previous one's <paramref name="previous"/>.</summary>
    private static AnalyticsSectionResult Figures(AnalyticsContext context, decimal current, decimal previous)
    {
        var now = context.Period.Contains(Today);
        var revenue = now ? current : previous;
        return new AnalyticsSectionResult(
            [
                new FigureValue("revenue", "Faturamento", ValueFormat.Money, revenue),
                new FigureValue("no-show-rate", "Taxa de faltas", ValueFormat.Percent, now ? 20m : 25m, HigherIsBetter: false),
                new FigureValue("average-stay", "Permanência média", ValueFormat.Days, now ? 2.5m : null),
                new FigureValue("new-tutors", "Novos tutores", ValueFormat.Count, now ? 4m : 0m),
            ],
            [Chart("revenue-by-day", revenue), Chart("top-services", null)]);
    }

    private static ChartData Chart(string id, decimal? headline) => new(
        id,
        id,
        ChartShape.Category,
        ValueFormat.Money,
        [new ChartCategory("a", "A")],
        [new ChartSeriesData("s", "S", [headline is null ? 0m : headline])])
    {
        Headline = headline,
    };

    private void As(string role) => _actor.SetUser(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], "test")));
}
