using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Reminders;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Components.Reminders;

/// <summary>The template editor's preview follows the text as it is typed, in the template's language.</summary>
[Collection(AppCollection.Name)]
public sealed class TemplateEditorTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Admin, Roles.Admin)
{
    [Fact]
    public void The_preview_shows_the_text_filled_with_sample_values_as_it_is_typed()
    {
        using var _ = new CultureScope("pt-BR");
        var template = new TemplateView(MessageKind.AppointmentReminder, "pt-BR", MessageTemplates.Default(MessageKind.AppointmentReminder, "pt-BR"), null, IsDefault: true);

        var cut = Render<TemplateEditor>(p => p.Add(c => c.Template, template).Add(c => c.HospitalName, "Hospital Aurora"));

        Assert.Contains("Olá, Maria Oliveira! Lembrete da consulta de Thor no Hospital Aurora: 15/03/2027 às 14:30 com Dra. Helena Costa.",
            cut.Find("[data-testid=template-preview]").TextContent, StringComparison.Ordinal);

        cut.Find("textarea").Input("Oi {tutor}, {pet} tem horário às {time}.");
        Assert.Equal("Oi Maria Oliveira, Thor tem horário às 14:30.", cut.Find("[data-testid=template-preview]").TextContent.Trim());

        cut.Find("[data-testid=variable-vet]").Click();
        Assert.Equal("Oi Maria Oliveira, Thor tem horário às 14:30. Dra. Helena Costa", cut.Find("[data-testid=template-preview]").TextContent.Trim());
    }

    [Fact]
    public void An_english_template_is_previewed_with_english_samples()
    {
        using var _ = new CultureScope("pt-BR");
        var template = new TemplateView(MessageKind.VaccinationDue, "en", "Hi {tutor}, {pet} is due on {date} at {hospital}.", null, IsDefault: false);

        var cut = Render<TemplateEditor>(p => p.Add(c => c.Template, template).Add(c => c.HospitalName, "Aurora"));

        Assert.Equal("Hi Mary Johnson, Buddy is due on 3/15/2027 at Aurora.", cut.Find("[data-testid=template-preview]").TextContent.Trim());
        Assert.Contains("Personalizado", cut.Markup, StringComparison.Ordinal);
    }
}
