using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicApp.Data.Portal;

internal sealed class PortalSettingsConfiguration : IEntityTypeConfiguration<PortalSettings>
{
    public void Configure(EntityTypeBuilder<PortalSettings> settings) =>
        settings.Property(s => s.PrivacyNotice).HasMaxLength(PortalSettings.MaxPrivacyNoticeLength);
}

internal sealed class TutorConsentConfiguration : IEntityTypeConfiguration<TutorConsent>
{
    public void Configure(EntityTypeBuilder<TutorConsent> consent)
    {
        consent.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(20);
        consent.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        consent.Property(c => c.Source).HasMaxLength(200);
        consent.HasIndex(c => new { c.TutorId, c.At });
    }
}

internal sealed class StayBulletinConfiguration : IEntityTypeConfiguration<StayBulletin>
{
    public void Configure(EntityTypeBuilder<StayBulletin> bulletin)
    {
        bulletin.Property(b => b.Text).HasMaxLength(StayBulletin.MaxTextLength);
        bulletin.Property(b => b.AuthorName).HasMaxLength(256);
        bulletin.HasIndex(b => new { b.HospitalizationId, b.PublishedAt });
        bulletin.HasIndex(b => new { b.TutorId, b.PublishedAt });
    }
}

internal sealed class ErasureRequestConfiguration : IEntityTypeConfiguration<ErasureRequest>
{
    public void Configure(EntityTypeBuilder<ErasureRequest> request)
    {
        request.Property(r => r.Origin).HasConversion<string>().HasMaxLength(20);
        request.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        request.Property(r => r.RequestedByName).HasMaxLength(256);
        request.Property(r => r.Note).HasMaxLength(1000);
        request.Property(r => r.DecidedByName).HasMaxLength(256);
        request.Property(r => r.RefusalReason).HasMaxLength(1000);

        // One open request per tutor: a second click (or the tutor and the admin at once) cannot queue two.
        request.HasIndex(r => r.TutorId).IsUnique().HasFilter("Status = 'Pending'");
        request.HasIndex(r => new { r.Status, r.RequestedAt });
    }
}

internal sealed class TutorDataExportConfiguration : IEntityTypeConfiguration<TutorDataExport>
{
    public void Configure(EntityTypeBuilder<TutorDataExport> export)
    {
        export.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        export.Property(e => e.FileName).HasMaxLength(200);
        export.Property(e => e.Error).HasMaxLength(2000);
        export.HasIndex(e => new { e.TutorId, e.RequestedAt });
    }
}
