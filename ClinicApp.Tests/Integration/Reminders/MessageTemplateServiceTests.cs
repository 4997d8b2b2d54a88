using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Reminders;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Reminders;

/// <summary>Issue 12 #2: the admin's texts per kind and language, checked when saved.</summary>
public sealed class MessageTemplateServiceTests(ReminderAppFixture fixture) : IClassFixture<ReminderAppFixture>
{
    [Fact]
    public async Task Saving_twice_keeps_one_row_per_kind_and_language_and_rendering_uses_it()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var templates = desk.Services.GetRequiredService<MessageTemplateService>();
        var sid = "HX" + new string('a', 32);

        await templates.SaveAsync(new TemplateInput { Kind = MessageKind.AppointmentReminder, Culture = "pt-BR", Body = "Oi {tutor}" });
        await templates.SaveAsync(new TemplateInput { Kind = MessageKind.AppointmentReminder, Culture = "pt-BR", Body = "  Oi {tutor}, {pet} às {time}  ", ContentSid = sid });

        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var row = Assert.Single(await db.MessageTemplates.Where(t => t.Kind == MessageKind.AppointmentReminder).ToListAsync());
        Assert.Equal(("pt-BR", "Oi {tutor}, {pet} às {time}", sid), (row.Culture, row.Body, row.ContentSid));
        var list = await templates.ListAsync();
        Assert.Equal(MessageTemplates.Editable.Count * MessageTemplates.Cultures.Count, list.Count);
        Assert.False(list.Single(t => t.Kind == MessageKind.AppointmentReminder && t.Culture == "pt-BR").IsDefault);
        Assert.True(list.Single(t => t.Kind == MessageKind.AppointmentReminder && t.Culture == "en").IsDefault);

        var rendered = await MessageTemplates.RenderAsync(db, MessageKind.AppointmentReminder, "pt-BR", new MessageValues("Ana", "Rex", Time: "10:00"));
        Assert.Equal("Oi Ana, Rex às 10:00", rendered.Body);
        Assert.Equal(sid, rendered.ContentSid);
    }

    [Fact]
    public async Task Unknown_variables_are_refused_at_save_naming_them_and_nothing_is_saved()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var templates = desk.Services.GetRequiredService<MessageTemplateService>();

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => templates.SaveAsync(
            new TemplateInput { Kind = MessageKind.VaccinationDue, Culture = "en", Body = "Hi {tutr}, {pet} is due {when} and {tutr}" }));

        Assert.Equal("Templates.Error.UnknownVariables", refusal.Message);
        Assert.Equal("{tutr}, {when}", refusal.Arguments[0]);
        await AssertNoTemplatesAsync(desk);
    }

    [Theory]
    [InlineData("   ", null, "Templates.Error.Empty")]
    [InlineData(null, null, "Templates.Error.Empty")]
    [InlineData("long", null, "Templates.Error.TooLong")]
    [InlineData("Hello {tutor}", "HX123", "Templates.Error.ContentSid")]
    [InlineData("Hello {tutor}", "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Templates.Error.ContentSid")]
    [InlineData("Hello {tutor}", "HXzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "Templates.Error.ContentSid")]
    public async Task Bad_input_is_refused_with_its_reason_and_nothing_is_saved(string? body, string? sid, string key)
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var templates = desk.Services.GetRequiredService<MessageTemplateService>();
        body = body == "long" ? new string('a', MessageTemplate.MaxBodyLength + 1) : body;

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => templates.SaveAsync(
            new TemplateInput { Kind = MessageKind.ExamReady, Culture = "pt-BR", Body = body, ContentSid = sid }));

        Assert.Equal(key, refusal.Message);
        await AssertNoTemplatesAsync(desk);
    }

    [Fact]
    public async Task An_unknown_kind_or_language_is_refused()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var templates = desk.Services.GetRequiredService<MessageTemplateService>();

        Assert.Equal("Templates.Error.Kind", (await Assert.ThrowsAsync<DomainRuleException>(() =>
            templates.SaveAsync(new TemplateInput { Kind = MessageKind.Manual, Culture = "pt-BR", Body = "x" }))).Message);
        Assert.Equal("Templates.Error.Kind", (await Assert.ThrowsAsync<DomainRuleException>(() =>
            templates.SaveAsync(new TemplateInput { Kind = MessageKind.ExamReady, Culture = "fr", Body = "x" }))).Message);
        await AssertNoTemplatesAsync(desk);
    }

    [Fact]
    public async Task Restoring_the_default_removes_the_hospitals_text()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var templates = desk.Services.GetRequiredService<MessageTemplateService>();
        await templates.SaveAsync(new TemplateInput { Kind = MessageKind.FollowUp, Culture = "en", Body = "Hi {tutor}" });

        await templates.RestoreDefaultAsync(MessageKind.FollowUp, "en");

        var view = (await templates.ListAsync()).Single(t => t.Kind == MessageKind.FollowUp && t.Culture == "en");
        Assert.True(view.IsDefault);
        Assert.Equal(MessageTemplates.Default(MessageKind.FollowUp, "en"), view.Body);
        await AssertNoTemplatesAsync(desk);
    }

    [Theory]
    [InlineData(Roles.Receptionist)]
    [InlineData(Roles.Veterinarian)]
    public async Task Only_an_admin_reads_or_changes_templates(string role)
    {
        await using var desk = await Desk.AsAsync(fixture.App, await fixture.NewHospitalAsync(), role);
        var templates = desk.Services.GetRequiredService<MessageTemplateService>();

        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => templates.ListAsync())).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() =>
            templates.SaveAsync(new TemplateInput { Kind = MessageKind.ExamReady, Culture = "en", Body = "Hi {tutor}" }))).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() =>
            templates.RestoreDefaultAsync(MessageKind.ExamReady, "en"))).Message);
        await AssertNoTemplatesAsync(desk);
    }

    [Fact]
    public void The_preview_fills_sample_values_in_the_templates_language()
    {
        // English short time is "2:30 PM" with whatever space the ICU version puts before PM.
        var englishTime = new DateTime(2027, 3, 15, 14, 30, 0).ToString("t", System.Globalization.CultureInfo.GetCultureInfo("en"));

        Assert.Equal("Thor em 15/03/2027 às 14:30 no Aurora", MessageTemplateService.Preview("{pet} em {date} às {time} no {hospital}", "pt-BR", "Aurora"));
        Assert.Equal($"Buddy on 3/15/2027 at {englishTime} at Aurora", MessageTemplateService.Preview("{pet} on {date} at {time} at {hospital}", "en", "Aurora"));
        Assert.StartsWith("2:30", englishTime, StringComparison.Ordinal);
    }

    private static async Task AssertNoTemplatesAsync(Desk desk)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.Equal(0, await db.MessageTemplates.CountAsync());
    }
}
