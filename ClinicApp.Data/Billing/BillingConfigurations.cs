using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicApp.Data.Billing;

internal sealed class PriceItemConfiguration : IEntityTypeConfiguration<PriceItem>
{
    public void Configure(EntityTypeBuilder<PriceItem> item)
    {
        item.Property(i => i.Name).HasMaxLength(200);
        item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(30);
        item.Property(i => i.Price).HasPrecision(12, 2);
        item.HasIndex(i => i.Name);
        item.Property(i => i.ChargesAppointment).HasConversion<string>().HasMaxLength(20);
        item.HasIndex(i => i.ChargesAppointment).IsUnique().HasFilter("ChargesAppointment IS NOT NULL");
    }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> invoice)
    {
        invoice.HasIndex(i => i.Number).IsUnique();
        invoice.Property(i => i.VisitKey).HasMaxLength(80);
        invoice.HasIndex(i => i.VisitKey).IsUnique().HasFilter("VisitKey IS NOT NULL");
        invoice.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        foreach (var money in new[] { nameof(Invoice.Subtotal), nameof(Invoice.Discount), nameof(Invoice.Total), nameof(Invoice.Paid), nameof(Invoice.Balance) })
        {
            invoice.Property(money).HasPrecision(12, 2);
        }

        invoice.Property(i => i.CancellationReason).HasMaxLength(500);
        invoice.Property(i => i.Notes).HasMaxLength(2000);
        invoice.HasOne(i => i.Tutor).WithMany().HasForeignKey(i => i.TutorId).OnDelete(DeleteBehavior.Restrict);
        invoice.HasOne(i => i.Pet).WithMany().HasForeignKey(i => i.PetId).OnDelete(DeleteBehavior.Restrict);
        invoice.HasMany(i => i.Items).WithOne().HasForeignKey(i => i.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        invoice.HasMany(i => i.Payments).WithOne().HasForeignKey(p => p.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        invoice.HasIndex(i => new { i.TutorId, i.IssuedAt });
        invoice.HasIndex(i => new { i.PetId, i.IssuedAt });
        invoice.HasIndex(i => new { i.Status, i.IssuedAt });
        // Analytics reads a period's invoices by issue time with these columns only: from the index alone.
        invoice.HasIndex(i => new { i.IssuedAt, i.Status, i.Total, i.Number, i.VisitKey, i.Id });
    }
}

internal sealed class InvoiceItemConfiguration : IEntityTypeConfiguration<InvoiceItem>
{
    public void Configure(EntityTypeBuilder<InvoiceItem> item)
    {
        item.Property(i => i.Description).HasMaxLength(300);
        item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(30);
        item.Property(i => i.Quantity).HasPrecision(10, 3);
        item.Property(i => i.UnitPrice).HasPrecision(12, 2);
        item.Property(i => i.Total).HasPrecision(12, 2);
        item.Property(i => i.SourceKey).HasMaxLength(80);
        item.HasIndex(i => i.SourceKey).IsUnique().HasFilter("SourceKey IS NOT NULL");
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> payment)
    {
        payment.Property(p => p.Method).HasConversion<string>().HasMaxLength(20);
        payment.Property(p => p.Amount).HasPrecision(12, 2);
        payment.Property(p => p.Reference).HasMaxLength(120);
        payment.Property(p => p.ProviderPaymentId).HasMaxLength(120);
        payment.HasIndex(p => p.ProviderPaymentId).IsUnique().HasFilter("ProviderPaymentId IS NOT NULL");
        // Analytics reads a period's payments (a year is some 90,000) from the index alone.
        payment.HasIndex(p => new { p.PaidAt, p.InvoiceId, p.Method, p.Amount, p.Id });
    }
}

internal sealed class PaymentLinkConfiguration : IEntityTypeConfiguration<PaymentLink>
{
    public void Configure(EntityTypeBuilder<PaymentLink> link)
    {
        link.Property(l => l.Token).HasMaxLength(64);
        link.HasIndex(l => l.Token).IsUnique();
        link.Property(l => l.LastSessionId).HasMaxLength(120);
        link.HasOne(l => l.Invoice).WithMany().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcessedWebhookEventConfiguration : IEntityTypeConfiguration<ProcessedWebhookEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedWebhookEvent> processed)
    {
        processed.HasKey(e => e.EventId);
        processed.Property(e => e.EventId).HasMaxLength(120);
        processed.Property(e => e.Type).HasMaxLength(80);
    }
}

internal sealed class IntegrationSettingsConfiguration : IEntityTypeConfiguration<IntegrationSettings>
{
    public void Configure(EntityTypeBuilder<IntegrationSettings> settings)
    {
        settings.Property(s => s.StripeSecretKeyProtected).HasMaxLength(2000);
        settings.Property(s => s.StripeWebhookSecretProtected).HasMaxLength(2000);
        settings.Property(s => s.SmtpHost).HasMaxLength(200);
        settings.Property(s => s.SmtpUser).HasMaxLength(200);
        settings.Property(s => s.SmtpPasswordProtected).HasMaxLength(2000);
        settings.Property(s => s.SmtpFromAddress).HasMaxLength(256);
        settings.Property(s => s.SmtpFromName).HasMaxLength(200);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.Property(m => m.Channel).HasConversion<string>().HasMaxLength(20);
        message.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        message.Property(m => m.To).HasMaxLength(256);
        message.Property(m => m.Subject).HasMaxLength(300);
        message.Property(m => m.ProviderId).HasMaxLength(200);
        message.Property(m => m.Error).HasMaxLength(2000);
        message.Property(m => m.File).HasMaxLength(400);
        message.Property(m => m.Kind).HasMaxLength(40);
        message.Property(m => m.Body).HasMaxLength(1600);
        message.Property(m => m.ContentSid).HasMaxLength(64);
        message.Property(m => m.ContentVariables).HasMaxLength(2000);
        message.Property(m => m.ReminderKey).HasMaxLength(120);
        message.Property(m => m.Delivery).HasConversion<string>().HasMaxLength(20);
        message.Property(m => m.ProviderErrorCode).HasMaxLength(20);
        // Each reminder is sent at most once, ever: the database refuses a second row for the same cause.
        message.HasIndex(m => m.ReminderKey).IsUnique();
        message.HasIndex(m => new { m.TutorId, m.CreatedAt });
        message.HasIndex(m => m.AppointmentId);
        message.HasIndex(m => new { m.Status, m.NextAttemptAt });
        // A payment's receipt is written at most once, whatever retries the payment's save takes.
        message.HasIndex(m => m.PaymentId).IsUnique();
        message.HasIndex(m => m.CreatedAt);
    }
}
