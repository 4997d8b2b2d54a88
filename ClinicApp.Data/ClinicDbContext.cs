using ClinicApp.Data.Audit;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Data;

/// <summary>One hospital's database: its users (Identity) and all its data. Instances are made
/// per operation by the tenant's factory; the provider-specific subclasses only exist so each
/// provider keeps its own migrations.</summary>
public class ClinicDbContext : IdentityDbContext<ApplicationUser, ApplicationRole, Guid>
{
    protected ClinicDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<FrontDesk.Tutor> Tutors => Set<FrontDesk.Tutor>();

    public DbSet<FrontDesk.Pet> Pets => Set<FrontDesk.Pet>();

    public DbSet<FrontDesk.PetWeight> PetWeights => Set<FrontDesk.PetWeight>();

    public DbSet<FrontDesk.Vaccination> Vaccinations => Set<FrontDesk.Vaccination>();

    public DbSet<FrontDesk.Room> Rooms => Set<FrontDesk.Room>();

    public DbSet<FrontDesk.AgendaSettings> AgendaSettings => Set<FrontDesk.AgendaSettings>();

    public DbSet<FrontDesk.Appointment> Appointments => Set<FrontDesk.Appointment>();

    public DbSet<FrontDesk.AppointmentSlot> AppointmentSlots => Set<FrontDesk.AppointmentSlot>();

    public DbSet<Billing.PriceItem> PriceItems => Set<Billing.PriceItem>();

    public DbSet<Billing.Invoice> Invoices => Set<Billing.Invoice>();

    public DbSet<Billing.InvoiceItem> InvoiceItems => Set<Billing.InvoiceItem>();

    public DbSet<Billing.Payment> Payments => Set<Billing.Payment>();

    public DbSet<Billing.PaymentLink> PaymentLinks => Set<Billing.PaymentLink>();

    public DbSet<Billing.ProcessedWebhookEvent> ProcessedWebhookEvents => Set<Billing.ProcessedWebhookEvent>();

    public DbSet<Billing.IntegrationSettings> IntegrationSettings => Set<Billing.IntegrationSettings>();

    public DbSet<Billing.OutboxMessage> OutboxMessages => Set<Billing.OutboxMessage>();

    public DbSet<Clinical.Consultation> Consultations => Set<Clinical.Consultation>();

    public DbSet<Clinical.Medication> Medications => Set<Clinical.Medication>();

    public DbSet<Clinical.Prescription> Prescriptions => Set<Clinical.Prescription>();

    public DbSet<Clinical.PrescriptionItem> PrescriptionItems => Set<Clinical.PrescriptionItem>();

    public DbSet<Clinical.MedicationAdministration> MedicationAdministrations => Set<Clinical.MedicationAdministration>();

    public DbSet<Clinical.Ward> Wards => Set<Clinical.Ward>();

    public DbSet<Clinical.Bed> Beds => Set<Clinical.Bed>();

    public DbSet<Clinical.Hospitalization> Hospitalizations => Set<Clinical.Hospitalization>();

    public DbSet<Clinical.ProgressNote> ProgressNotes => Set<Clinical.ProgressNote>();

    public DbSet<Clinical.CareSettings> CareSettings => Set<Clinical.CareSettings>();

    public DbSet<Clinical.VitalSigns> VitalSigns => Set<Clinical.VitalSigns>();

    public DbSet<Clinical.VitalRange> VitalRanges => Set<Clinical.VitalRange>();

    public DbSet<Clinical.VitalAlert> VitalAlerts => Set<Clinical.VitalAlert>();

    public DbSet<Clinical.ExamRequest> ExamRequests => Set<Clinical.ExamRequest>();

    public DbSet<Clinical.ExamFile> ExamFiles => Set<Clinical.ExamFile>();

    public DbSet<Clinical.Notification> Notifications => Set<Clinical.Notification>();

    public DbSet<Identity.SecuritySettings> SecuritySettings => Set<Identity.SecuritySettings>();

    public DbSet<Messaging.MessagingSettings> MessagingSettings => Set<Messaging.MessagingSettings>();

    public DbSet<Messaging.MessageTemplate> MessageTemplates => Set<Messaging.MessageTemplate>();

    public DbSet<Messaging.InboundMessage> InboundMessages => Set<Messaging.InboundMessage>();

    public DbSet<Exports.DataExport> DataExports => Set<Exports.DataExport>();

    public DbSet<Analytics.AnalyticsDay> AnalyticsDays => Set<Analytics.AnalyticsDay>();

    public DbSet<Analytics.AnalyticsStaleDay> AnalyticsStaleDays => Set<Analytics.AnalyticsStaleDay>();

    public DbSet<Portal.PortalSettings> PortalSettings => Set<Portal.PortalSettings>();

    public DbSet<Portal.TutorConsent> TutorConsents => Set<Portal.TutorConsent>();

    public DbSet<Portal.StayBulletin> StayBulletins => Set<Portal.StayBulletin>();

    public DbSet<Portal.ErasureRequest> ErasureRequests => Set<Portal.ErasureRequest>();

    public DbSet<Portal.TutorDataExport> TutorDataExports => Set<Portal.TutorDataExport>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.Property(u => u.PreferredCulture).HasMaxLength(10);
            user.HasIndex(u => u.IsActive);
            user.Property(u => u.Gender).HasConversion<string>().HasMaxLength(20);
        });

        builder.Entity<AuditEntry>(audit =>
        {
            audit.Property(a => a.UserName).HasMaxLength(256);
            audit.Property(a => a.EntityType).HasMaxLength(200);
            audit.Property(a => a.EntityId).HasMaxLength(200);
            audit.Property(a => a.Action).HasConversion<string>().HasMaxLength(20);
            audit.Property(a => a.ChangedFields).HasMaxLength(4000);
            audit.HasIndex(a => a.At);
            audit.HasIndex(a => new { a.EntityType, a.EntityId });
        });

        builder.ApplyConfigurationsFromAssembly(typeof(ClinicDbContext).Assembly, t => t.Namespace?.StartsWith("ClinicApp.Data.Catalog", StringComparison.Ordinal) != true);
        builder.ApplyEntityConventions();
        builder.StoreDateTimesAsUtc();
    }
}

public sealed class SqliteClinicDbContext(DbContextOptions<SqliteClinicDbContext> options) : ClinicDbContext(options)
{
    /// <summary>SQLite has no decimal type (EF stores TEXT, which sorts and sums wrongly): decimals are
    /// stored as integers scaled by their declared scale (centavos for money, grams for weights).</summary>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.StoreDecimalsAsScaledIntegers();
    }
}

public sealed class SqlServerClinicDbContext(DbContextOptions<SqlServerClinicDbContext> options) : ClinicDbContext(options);
