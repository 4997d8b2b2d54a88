using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicApp.Data.FrontDesk;

internal sealed class TutorConfiguration : IEntityTypeConfiguration<Tutor>
{
    public void Configure(EntityTypeBuilder<Tutor> tutor)
    {
        tutor.Property(t => t.Name).HasMaxLength(200);
        tutor.Property(t => t.Cpf).HasMaxLength(11);
        tutor.Property(t => t.Phone).HasMaxLength(20);
        tutor.Property(t => t.Email).HasMaxLength(256);
        tutor.Property(t => t.AddressLine).HasMaxLength(300);
        tutor.Property(t => t.District).HasMaxLength(120);
        tutor.Property(t => t.City).HasMaxLength(120);
        tutor.Property(t => t.State).HasMaxLength(2);
        tutor.Property(t => t.PostalCode).HasMaxLength(8);
        tutor.Property(t => t.Notes).HasMaxLength(4000);
        tutor.Property(t => t.RemindersConsentWithdrawnVia).HasMaxLength(20);
        tutor.Property(t => t.SearchText).HasMaxLength(1000);

        // Unique among live tutors: a deleted tutor's CPF may be registered again.
        tutor.HasIndex(t => t.Cpf).IsUnique().HasFilter("Cpf IS NOT NULL AND IsDeleted = 0");
        tutor.HasIndex(t => t.PortalUserId).IsUnique().HasFilter("PortalUserId IS NOT NULL");
        tutor.HasIndex(t => t.Name);
        tutor.HasIndex(t => t.CreatedAt);
        tutor.HasMany(t => t.Pets).WithOne(p => p.Tutor).HasForeignKey(p => p.TutorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PetConfiguration : IEntityTypeConfiguration<Pet>
{
    public void Configure(EntityTypeBuilder<Pet> pet)
    {
        pet.Property(p => p.Name).HasMaxLength(120);
        pet.Property(p => p.Species).HasConversion<string>().HasMaxLength(20);
        pet.Property(p => p.Sex).HasConversion<string>().HasMaxLength(10);
        pet.Property(p => p.Breed).HasMaxLength(120);
        pet.Property(p => p.Colour).HasMaxLength(80);
        pet.Property(p => p.Microchip).HasMaxLength(15);
        pet.Property(p => p.Allergies).HasMaxLength(1000);
        pet.Property(p => p.SearchText).HasMaxLength(200);
        pet.HasIndex(p => p.Microchip).IsUnique().HasFilter("Microchip IS NOT NULL AND IsDeleted = 0");
        pet.HasIndex(p => p.TutorId);

        // Analytics: new pets of a period (tutors have theirs).
        pet.HasIndex(p => p.CreatedAt);
        pet.HasMany(p => p.Weights).WithOne().HasForeignKey(w => w.PetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PetWeightConfiguration : IEntityTypeConfiguration<PetWeight>
{
    public void Configure(EntityTypeBuilder<PetWeight> weight)
    {
        weight.Property(w => w.Kilograms).HasPrecision(7, 3);
        weight.HasIndex(w => new { w.PetId, w.MeasuredAt });
    }
}

internal sealed class VaccinationConfiguration : IEntityTypeConfiguration<Vaccination>
{
    public void Configure(EntityTypeBuilder<Vaccination> vaccination)
    {
        vaccination.Property(v => v.Vaccine).HasMaxLength(120);
        vaccination.Property(v => v.Dose).HasMaxLength(60);
        vaccination.Property(v => v.Batch).HasMaxLength(60);
        vaccination.Property(v => v.Notes).HasMaxLength(1000);
        vaccination.HasOne(v => v.Pet).WithMany().HasForeignKey(v => v.PetId).OnDelete(DeleteBehavior.Restrict);
        vaccination.HasIndex(v => new { v.PetId, v.AppliedOn });
        vaccination.HasIndex(v => v.NextDueOn);

        // Analytics: vaccinations given in a period (the pet's index cannot serve a range of days).
        vaccination.HasIndex(v => v.AppliedOn);
    }
}

internal sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> room) => room.Property(r => r.Name).HasMaxLength(80);
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> appointment)
    {
        appointment.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
        appointment.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        appointment.Property(a => a.Source).HasConversion<string>().HasMaxLength(20);
        appointment.Property(a => a.CancellationReason).HasMaxLength(500);
        appointment.Property(a => a.CancelledVia).HasConversion<string>().HasMaxLength(20);
        appointment.Property(a => a.Notes).HasMaxLength(2000);
        appointment.HasOne(a => a.Pet).WithMany().HasForeignKey(a => a.PetId).OnDelete(DeleteBehavior.Restrict);
        appointment.HasOne(a => a.Tutor).WithMany().HasForeignKey(a => a.TutorId).OnDelete(DeleteBehavior.Restrict);
        appointment.HasOne<Identity.ApplicationUser>().WithMany().HasForeignKey(a => a.VeterinarianId).OnDelete(DeleteBehavior.Restrict);
        appointment.HasOne<Room>().WithMany().HasForeignKey(a => a.RoomId).OnDelete(DeleteBehavior.Restrict);
        appointment.HasMany(a => a.Slots).WithOne().HasForeignKey(s => s.AppointmentId).OnDelete(DeleteBehavior.Cascade);

        // Day and week views read a time range (per vet or per room); the pet and tutor pages read by owner.
        // With status, vet and type beside the time: analytics reads a year of visits (about 100,000) from the index alone.
        appointment.HasIndex(a => new { a.Start, a.Status, a.VeterinarianId, a.Type, a.Id });
        appointment.HasIndex(a => new { a.VeterinarianId, a.Start });
        appointment.HasIndex(a => new { a.PetId, a.Start });
        appointment.HasIndex(a => new { a.TutorId, a.Start });
    }
}

internal sealed class AppointmentSlotConfiguration : IEntityTypeConfiguration<AppointmentSlot>
{
    public void Configure(EntityTypeBuilder<AppointmentSlot> slot)
    {
        slot.HasKey(s => new { s.ResourceId, s.Start });
        slot.HasIndex(s => s.AppointmentId);
    }
}
