using ClinicApp.Data.Billing;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;

namespace ClinicApp.Tests.Unit.Messaging;

/// <summary>The small rules WhatsApp messaging stands on: which phones WhatsApp reaches, template
/// variables, and the provider's delivery reports that only move forward.</summary>
public sealed class MessagingRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("+5511987654321", "whatsapp:+5511987654321")] // São Paulo mobile
    [InlineData("+5521998765432", "whatsapp:+5521998765432")]
    [InlineData("+551133334444", null)] // landline: 8-digit subscriber number
    [InlineData("+5511887654321", null)] // 9 digits but not a mobile
    [InlineData("+351912345678", "whatsapp:+351912345678")] // abroad: trusted as given
    [InlineData("11987654321", null)] // not E.164
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Only_mobiles_get_a_whatsapp_address(string? phone, string? expected) =>
        Assert.Equal(expected, WhatsAppNumbers.Address(phone));

    [Theory]
    [InlineData("whatsapp:+5511987654321", "+5511987654321")]
    [InlineData("WhatsApp:+5511987654321", "+5511987654321")]
    [InlineData("+5511987654321", "+5511987654321")]
    [InlineData("whatsapp:abc", null)]
    public void The_phone_of_a_whatsapp_address(string address, string? expected) =>
        Assert.Equal(expected, WhatsAppNumbers.Phone(address));

    [Fact]
    public void Unknown_variables_are_named_once_each_and_known_ones_are_filled()
    {
        Assert.Equal(["tutr", "data"], MessageTemplates.UnknownVariables("Olá {tutr}, {pet} em {data} ({tutr}) {date}"));
        Assert.Empty(MessageTemplates.UnknownVariables("{tutor} {pet} {date} {time} {vet} {hospital} {link}"));
        Assert.Equal("Olá Ana, Rex em 08/12/2026 às ", MessageTemplates.Fill("Olá {tutor}, {pet} em {date} às {time}", new MessageValues("Ana", "Rex", "08/12/2026")));
    }

    [Fact]
    public void Every_default_text_uses_only_known_variables_in_both_languages()
    {
        foreach (var kind in MessageTemplates.Editable)
        {
            foreach (var culture in MessageTemplates.Cultures)
            {
                var text = MessageTemplates.Default(kind, culture);
                Assert.Empty(MessageTemplates.UnknownVariables(text));
                Assert.Contains("{tutor}", text, StringComparison.Ordinal);
            }
        }

        Assert.NotEqual(MessageTemplates.Default(MessageKind.AppointmentReminder, "pt-BR"), MessageTemplates.Default(MessageKind.AppointmentReminder, "en"));
    }

    [Fact]
    public void Delivery_reports_only_move_forward_and_a_failure_is_final()
    {
        var message = Sent();
        Assert.True(message.RecordDelivery(DeliveryStatus.Delivered, null, Now));
        Assert.False(message.RecordDelivery(DeliveryStatus.Sent, null, Now.AddSeconds(1))); // late, out of order
        Assert.Equal(DeliveryStatus.Delivered, message.Delivery);
        Assert.True(message.RecordDelivery(DeliveryStatus.Read, null, Now.AddSeconds(2)));

        var failed = Sent();
        Assert.True(failed.RecordDelivery(DeliveryStatus.Undelivered, "63016", Now));
        Assert.False(failed.RecordDelivery(DeliveryStatus.Read, null, Now.AddSeconds(1)));
        Assert.Equal(("63016", DeliveryStatus.Undelivered), (failed.ProviderErrorCode, failed.Delivery));

        // A message the provider never took has nothing to report on.
        var pending = new OutboxMessage { Channel = OutboxChannel.WhatsApp, To = "whatsapp:+5511987654321", Subject = "x" };
        Assert.False(pending.RecordDelivery(DeliveryStatus.Delivered, null, Now));
        Assert.Null(pending.Delivery);
    }

    private static OutboxMessage Sent()
    {
        var message = new OutboxMessage { Channel = OutboxChannel.WhatsApp, To = "whatsapp:+5511987654321", Subject = "x" };
        message.MarkSent("SM123", Now);
        return message;
    }
}

public sealed class ReminderReachTests
{
    private static readonly DateTime Consent = new(2026, 1, 10, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_tutor_is_reached_with_consent_whatsapp_and_a_mobile_and_each_lack_has_its_reason()
    {
        Assert.Null(ReminderReach.Check(Consent, null, true, "+5511987654321"));
        Assert.Equal(ReachProblem.NoConsent, ReminderReach.Check(null, null, true, "+5511987654321"));
        Assert.Equal(ReachProblem.NoWhatsApp, ReminderReach.Check(Consent, null, false, "+5511987654321"));
        Assert.Equal(ReachProblem.NoMobile, ReminderReach.Check(Consent, null, true, "+551133334444"));
        Assert.Equal(ReachProblem.NoMobile, ReminderReach.Check(Consent, null, true, null));
        Assert.Equal(ReachProblem.ConsentWithdrawn, ReminderReach.Check(Consent, Consent.AddDays(3), true, "+5511987654321"));
        Assert.Equal(ReachProblem.ConsentWithdrawn, ReminderReach.Check(null, Consent, true, "+5511987654321"));

        // Consent given again after a withdrawal counts.
        Assert.Null(ReminderReach.Check(Consent.AddDays(10), Consent.AddDays(3), true, "+5511987654321"));
    }
}
