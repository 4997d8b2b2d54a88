using Bunit;
using ClinicApp.Components.Shared;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Components.Shared;

public sealed class HospitalUnavailablePageTests : ComponentTestContext
{
    [Theory]
    [InlineData("pt-BR", HospitalUnavailablePage.Reason.NotFound, "Hospital não encontrado", "Não há hospital neste endereço")]
    [InlineData("pt-BR", HospitalUnavailablePage.Reason.Suspended, "Hospital indisponível", "O acesso deste hospital está suspenso")]
    [InlineData("en", HospitalUnavailablePage.Reason.NotFound, "Hospital not found", "There is no hospital at this address")]
    [InlineData("en", HospitalUnavailablePage.Reason.Suspended, "Hospital unavailable", "This hospital's access is suspended")]
    [InlineData("pt-BR", HospitalUnavailablePage.Reason.Down, "Temporariamente indisponível", "Este hospital não pode ser acessado no momento")]
    [InlineData("en", HospitalUnavailablePage.Reason.Down, "Temporarily unavailable", "This hospital cannot be reached right now")]
    public void The_page_says_why_the_hospital_cannot_be_reached_in_the_visitors_language(
        string culture, HospitalUnavailablePage.Reason reason, string title, string text)
    {
        using var _ = new CultureScope(culture);

        var cut = Render<HospitalUnavailablePage>(p => p.Add(c => c.Why, reason));

        var main = cut.Find("[data-testid=hospital-unavailable]");
        Assert.Equal(reason.ToString(), main.GetAttribute("data-reason"));
        Assert.Equal(title, main.QuerySelector("h1")!.TextContent);
        Assert.StartsWith(text, main.QuerySelector("p")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"<title>{title} — ClinicApp</title>", cut.Markup, StringComparison.Ordinal);
        Assert.Contains($"lang=\"{culture}\"", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_leads_back_to_the_platform_start()
    {
        using var _ = new CultureScope("pt-BR");

        var cut = Render<HospitalUnavailablePage>(p => p.Add(c => c.Why, HospitalUnavailablePage.Reason.Suspended));

        var link = cut.Find("[data-testid=hospital-unavailable] a");
        Assert.Equal("/", link.GetAttribute("href"));
        Assert.Equal("Ir para o ClinicApp", link.TextContent);
    }

    [Fact]
    public void The_maintenance_page_names_the_hospital_and_reloads_itself()
    {
        using var _ = new CultureScope("en");

        var cut = Render<HospitalUnavailablePage>(p => p
            .Add(c => c.Why, HospitalUnavailablePage.Reason.Maintenance)
            .Add(c => c.HospitalName, "Hospital Veterinário Aurora"));

        var main = cut.Find("[data-testid=hospital-unavailable]");
        Assert.Equal("Restoring data", main.QuerySelector("h1")!.TextContent);
        Assert.Equal(
            "Hospital Veterinário Aurora is restoring its data; this page reloads by itself in a few seconds.",
            main.QuerySelector("p")!.TextContent);
        var refresh = cut.Find("meta[http-equiv=refresh]");
        Assert.Equal(TenantResolutionMiddleware.MaintenanceRetrySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), refresh.GetAttribute("content"));
    }

    [Fact]
    public void Only_the_maintenance_page_reloads_itself()
    {
        var cut = Render<HospitalUnavailablePage>(p => p.Add(c => c.Why, HospitalUnavailablePage.Reason.Down));

        Assert.Empty(cut.FindAll("meta[http-equiv=refresh]"));
    }
}
