using ClinicApp.Data.Common;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Data.Catalog;

/// <summary>The platform's catalog: which hospitals exist, where their data lives, and the one
/// Data Protection key ring every app instance shares.</summary>
public class CatalogDbContext : DbContext, IDataProtectionKeyContext
{
    protected CatalogDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Hospital> Hospitals => Set<Hospital>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<BackupRun> BackupRuns => Set<BackupRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Hospital>(hospital =>
        {
            hospital.Property(h => h.Slug).HasMaxLength(63);
            hospital.HasIndex(h => h.Slug).IsUnique();
            hospital.Property(h => h.Name).HasMaxLength(200);
            hospital.Property(h => h.ConnectionString).HasMaxLength(1000);
            hospital.Property(h => h.Culture).HasMaxLength(10);
            hospital.Property(h => h.TimeZone).HasMaxLength(64);
            hospital.Property(h => h.Currency).HasMaxLength(3);
            hospital.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
            hospital.Property(h => h.Version).IsConcurrencyToken();
            hospital.Property(h => h.MaintenanceReason).HasMaxLength(500);
            hospital.Property(h => h.BackupHour).HasDefaultValue(2);
        });
        modelBuilder.Entity<BackupRun>(run =>
        {
            run.Property(r => r.Scope).HasMaxLength(63);
            run.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(20);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            run.Property(r => r.RequestedBy).HasMaxLength(256);
            run.Property(r => r.ArchivePath).HasMaxLength(1000);
            run.Property(r => r.CopyPath).HasMaxLength(1000);
            run.Property(r => r.ArchiveSha256).HasMaxLength(64);
            run.Property(r => r.MigrationId).HasMaxLength(150);
            run.Property(r => r.Error).HasMaxLength(2000);
            run.HasIndex(r => new { r.HospitalId, r.StartedAt });
            run.HasIndex(r => r.Status);
        });
        modelBuilder.StoreDateTimesAsUtc();
    }
}

public sealed class SqliteCatalogDbContext(DbContextOptions<SqliteCatalogDbContext> options) : CatalogDbContext(options);

public sealed class SqlServerCatalogDbContext(DbContextOptions<SqlServerCatalogDbContext> options) : CatalogDbContext(options);
