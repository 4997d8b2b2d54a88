using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicApp.Data.Messaging;

internal sealed class MessagingSettingsConfiguration : IEntityTypeConfiguration<MessagingSettings>
{
    public void Configure(EntityTypeBuilder<MessagingSettings> settings)
    {
        settings.Property(s => s.TwilioAccountSid).HasMaxLength(64);
        settings.Property(s => s.TwilioAuthTokenProtected).HasMaxLength(1000);
        settings.Property(s => s.WhatsAppFrom).HasMaxLength(40);
        settings.Property(s => s.MessagingServiceSid).HasMaxLength(64);
        settings.Property(s => s.ReminderLeadHours).HasMaxLength(60);
    }
}

internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplate>
{
    public void Configure(EntityTypeBuilder<MessageTemplate> template)
    {
        template.Property(t => t.Kind).HasConversion<string>().HasMaxLength(30);
        template.Property(t => t.Culture).HasMaxLength(10);
        template.Property(t => t.Body).HasMaxLength(MessageTemplate.MaxBodyLength);
        template.Property(t => t.ContentSid).HasMaxLength(64);
        // One text per kind and language, whoever saves it.
        template.HasIndex(t => new { t.Kind, t.Culture }).IsUnique();
    }
}

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> message)
    {
        message.Property(m => m.MessageSid).HasMaxLength(64);
        message.Property(m => m.From).HasMaxLength(40);
        message.Property(m => m.Body).HasMaxLength(1600);
        message.Property(m => m.ButtonPayload).HasMaxLength(200);
        message.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(20);
        // Twilio retries a webhook it thinks failed: the second copy must change nothing.
        message.HasIndex(m => m.MessageSid).IsUnique();
        message.HasIndex(m => new { m.TutorId, m.ReceivedAt });
        message.HasIndex(m => m.ReceivedAt);
    }
}
