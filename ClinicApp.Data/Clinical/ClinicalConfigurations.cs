using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicApp.Data.Clinical;

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> consultation)
    {
        consultation.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        consultation.Property(c => c.Mucosa).HasConversion<string>().HasMaxLength(20);
        consultation.Property(c => c.Hydration).HasConversion<string>().HasMaxLength(20);
        consultation.Property(c => c.WeightKg).HasPrecision(7, 3);
        consultation.Property(c => c.TemperatureC).HasPrecision(4, 1);
        consultation.Property(c => c.CapillaryRefillSeconds).HasPrecision(3, 1);
        consultation.Property(c => c.Anamnesis).HasMaxLength(8000);
        consultation.Property(c => c.PhysicalExamNotes).HasMaxLength(8000);
        consultation.Property(c => c.Diagnosis).HasMaxLength(2000);
        consultation.Property(c => c.Plan).HasMaxLength(8000);
        consultation.HasIndex(c => new { c.PetId, c.StartedAt });
        consultation.HasIndex(c => new { c.VeterinarianId, c.StartedAt });

        // One consultation per appointment, even when two tabs start it at once.
        consultation.HasIndex(c => c.AppointmentId).IsUnique().HasFilter("AppointmentId IS NOT NULL");
    }
}

internal sealed class MedicationConfiguration : IEntityTypeConfiguration<Medication>
{
    public void Configure(EntityTypeBuilder<Medication> medication)
    {
        medication.Property(m => m.Name).HasMaxLength(200);
        medication.Property(m => m.ActiveIngredient).HasMaxLength(200);
        medication.Property(m => m.Presentation).HasConversion<string>().HasMaxLength(30);
        medication.Property(m => m.DefaultRoute).HasConversion<string>().HasMaxLength(20);
        medication.Property(m => m.ConcentrationMgPerUnit).HasPrecision(12, 4);
        medication.Property(m => m.MinDoseMgPerKg).HasPrecision(12, 4);
        medication.Property(m => m.MaxDoseMgPerKg).HasPrecision(12, 4);
        medication.Property(m => m.PricePerDose).HasPrecision(12, 2);
        medication.HasIndex(m => m.Name);
    }
}

internal sealed class PrescriptionConfiguration : IEntityTypeConfiguration<Prescription>
{
    public void Configure(EntityTypeBuilder<Prescription> prescription)
    {
        prescription.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        prescription.Property(p => p.WeightKg).HasPrecision(7, 3);
        prescription.Property(p => p.Notes).HasMaxLength(4000);
        prescription.HasIndex(p => new { p.PetId, p.IssuedAt });
        prescription.HasIndex(p => p.HospitalizationId);
        prescription.HasIndex(p => p.ConsultationId);
        prescription.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PrescriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PrescriptionItemConfiguration : IEntityTypeConfiguration<PrescriptionItem>
{
    public void Configure(EntityTypeBuilder<PrescriptionItem> item)
    {
        item.Property(i => i.MedicationName).HasMaxLength(200);
        item.Property(i => i.DoseMode).HasConversion<string>().HasMaxLength(10);
        item.Property(i => i.Route).HasConversion<string>().HasMaxLength(20);
        item.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        item.Property(i => i.DoseMgPerKg).HasPrecision(12, 4);
        item.Property(i => i.DoseMg).HasPrecision(12, 4);
        item.Property(i => i.DoseVolume).HasPrecision(12, 4);
        item.Property(i => i.Instructions).HasMaxLength(2000);
        item.Property(i => i.StopReason).HasMaxLength(1000);
        item.HasOne<Medication>().WithMany().HasForeignKey(i => i.MedicationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MedicationAdministrationConfiguration : IEntityTypeConfiguration<MedicationAdministration>
{
    public void Configure(EntityTypeBuilder<MedicationAdministration> administration)
    {
        administration.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        administration.Property(a => a.Reason).HasConversion<string>().HasMaxLength(30);
        administration.Property(a => a.DoseGivenMg).HasPrecision(12, 4);
        administration.Property(a => a.RecordedByName).HasMaxLength(256);
        administration.Property(a => a.RescheduleReason).HasMaxLength(1000);
        administration.Property(a => a.Note).HasMaxLength(2000);
        administration.HasOne<PrescriptionItem>().WithMany().HasForeignKey(a => a.PrescriptionItemId).OnDelete(DeleteBehavior.Cascade);

        // The RAM and the board read open doses by time; a patient's grid reads its doses by time. The stay and the
        // record time ride along so analytics' adherence (a year is some 250,000 doses) is read from the index alone,
        // without a visit to the table per dose; the given doses by record time, with their id, serve the "charges
        // to review" check the same way.
        administration.HasIndex(a => new { a.Status, a.DueAt, a.HospitalizationId, a.RecordedAt });
        administration.HasIndex(a => new { a.Status, a.RecordedAt, a.Id });
        administration.HasIndex(a => new { a.HospitalizationId, a.DueAt });
        administration.HasIndex(a => new { a.PrescriptionItemId, a.DueAt });
        administration.HasIndex(a => a.RecordedAt);
    }
}

internal sealed class WardConfiguration : IEntityTypeConfiguration<Ward>
{
    public void Configure(EntityTypeBuilder<Ward> ward)
    {
        ward.Property(w => w.Name).HasMaxLength(120);
        ward.HasMany(w => w.Beds).WithOne(b => b.Ward).HasForeignKey(b => b.WardId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BedConfiguration : IEntityTypeConfiguration<Bed>
{
    public void Configure(EntityTypeBuilder<Bed> bed)
    {
        bed.Property(b => b.Name).HasMaxLength(60);
        bed.HasIndex(b => new { b.WardId, b.Name }).IsUnique();
    }
}

internal sealed class HospitalizationConfiguration : IEntityTypeConfiguration<Hospitalization>
{
    public void Configure(EntityTypeBuilder<Hospitalization> stay)
    {
        stay.Property(h => h.Reason).HasMaxLength(2000);
        stay.Property(h => h.Priority).HasConversion<string>().HasMaxLength(20);
        stay.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
        stay.Property(h => h.DischargeSummary).HasMaxLength(8000);
        stay.Property(h => h.DischargeInstructions).HasMaxLength(4000);
        stay.HasOne(h => h.Bed).WithMany().HasForeignKey(h => h.BedId).OnDelete(DeleteBehavior.Restrict);

        // Null once the stay ends: one live stay per bed and per pet, enforced by the database.
        stay.HasIndex(h => h.OccupiedBedId).IsUnique().HasFilter("OccupiedBedId IS NOT NULL");
        stay.HasIndex(h => h.ActivePetId).IsUnique().HasFilter("ActivePetId IS NOT NULL");
        stay.HasIndex(h => new { h.Status, h.AdmittedAt });
        stay.HasIndex(h => new { h.PetId, h.AdmittedAt });

        // Analytics: stays in hospital during a period (ended in it or later, or not ended) and lengths of stay.
        stay.HasIndex(h => h.EndedAt);
    }
}

internal sealed class ProgressNoteConfiguration : IEntityTypeConfiguration<ProgressNote>
{
    public void Configure(EntityTypeBuilder<ProgressNote> note)
    {
        note.Property(n => n.AuthorName).HasMaxLength(256);
        note.Property(n => n.AuthorRole).HasMaxLength(30);
        note.Property(n => n.Text).HasMaxLength(8000);
        note.HasIndex(n => new { n.HospitalizationId, n.At });
    }
}

internal sealed class CareSettingsConfiguration : IEntityTypeConfiguration<CareSettings>
{
    public void Configure(EntityTypeBuilder<CareSettings> settings) => settings.Property(s => s.ShiftStarts).HasMaxLength(100);
}

internal sealed class VitalSignsConfiguration : IEntityTypeConfiguration<VitalSigns>
{
    public void Configure(EntityTypeBuilder<VitalSigns> vitals)
    {
        vitals.Property(v => v.TakenByName).HasMaxLength(256);
        vitals.Property(v => v.TemperatureC).HasPrecision(4, 1);
        vitals.Property(v => v.WeightKg).HasPrecision(7, 3);
        vitals.Property(v => v.Notes).HasMaxLength(2000);
        vitals.HasIndex(v => new { v.HospitalizationId, v.TakenAt });
        vitals.HasIndex(v => new { v.PetId, v.TakenAt });
    }
}

internal sealed class VitalRangeConfiguration : IEntityTypeConfiguration<VitalRange>
{
    public void Configure(EntityTypeBuilder<VitalRange> range)
    {
        range.Property(r => r.Species).HasConversion<string>().HasMaxLength(20);
        range.Property(r => r.Vital).HasConversion<string>().HasMaxLength(20);
        range.Property(r => r.NormalMin).HasPrecision(9, 2);
        range.Property(r => r.NormalMax).HasPrecision(9, 2);
        range.Property(r => r.CriticalMin).HasPrecision(9, 2);
        range.Property(r => r.CriticalMax).HasPrecision(9, 2);
        range.HasIndex(r => new { r.Species, r.Vital }).IsUnique();
    }
}

internal sealed class VitalAlertConfiguration : IEntityTypeConfiguration<VitalAlert>
{
    public void Configure(EntityTypeBuilder<VitalAlert> alert)
    {
        alert.Property(a => a.Values).HasMaxLength(500);
        alert.Property(a => a.AcknowledgedByName).HasMaxLength(256);
        alert.HasIndex(a => new { a.AcknowledgedAt, a.RaisedAt });
        alert.HasIndex(a => a.HospitalizationId);
    }
}

internal sealed class ExamRequestConfiguration : IEntityTypeConfiguration<ExamRequest>
{
    public void Configure(EntityTypeBuilder<ExamRequest> exam)
    {
        exam.Property(e => e.ExamType).HasMaxLength(200);
        exam.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        exam.Property(e => e.ClinicalNotes).HasMaxLength(4000);
        exam.Property(e => e.ResultText).HasMaxLength(16000);
        exam.Property(e => e.CompletedByName).HasMaxLength(256);
        exam.Property(e => e.ReleasedByName).HasMaxLength(256);
        exam.HasIndex(e => new { e.Status, e.RequestedAt });
        exam.HasIndex(e => new { e.PetId, e.RequestedAt });
        exam.HasIndex(e => e.HospitalizationId);
        exam.HasMany(e => e.Files).WithOne().HasForeignKey(f => f.ExamRequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExamFileConfiguration : IEntityTypeConfiguration<ExamFile>
{
    public void Configure(EntityTypeBuilder<ExamFile> file)
    {
        file.Property(f => f.FileName).HasMaxLength(260);
        file.Property(f => f.ContentType).HasMaxLength(100);
        file.Property(f => f.StoragePath).HasMaxLength(400);
        file.Property(f => f.UploadedByName).HasMaxLength(256);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.Property(n => n.MessageKey).HasMaxLength(200);
        notification.Property(n => n.Args).HasMaxLength(1000);
        notification.Property(n => n.Link).HasMaxLength(400);
        notification.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt });
    }
}
