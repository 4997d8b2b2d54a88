using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Reminders;
using ClinicApp.Tests.Support;
using MudBlazor;

namespace ClinicApp.Tests.Components.Reminders;

/// <summary>The admin's page: the reminder settings card beside the templates, one tab per kind and an
/// editor per language. Only reads: the shared demo hospital's settings stay as they are.</summary>
[Collection(AppCollection.Name)]
public sealed class TemplatesPageTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Admin, Roles.Admin)
{
    [Fact]
    public void The_page_shows_the_reminder_settings_and_each_kinds_editors_in_both_languages()
    {
        using var _ = new CultureScope("pt-BR");
        Render<MudPopoverProvider>();

        var cut = Render<TemplatesPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll("[data-testid=reminder-settings]"));
            Assert.NotEmpty(cut.FindAll("[data-testid=template-AppointmentReminder-pt-BR]"));
        }, Wait);
        Assert.NotEmpty(cut.FindAll("[data-testid=template-AppointmentReminder-en]"));
        Assert.Contains("Lembrete de consulta", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Acompanhamento pós-alta", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Silêncio a partir de", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Hospital Veterinário Aurora", cut.Find("[data-testid=template-AppointmentReminder-pt-BR] [data-testid=template-preview]").TextContent, StringComparison.Ordinal);
    }
}
