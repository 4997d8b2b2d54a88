using ClinicApp.Data;
using ClinicApp.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Tests.Unit.Data;

/// <summary>A clinical-record-like entity that exists only in the tests: soft-deletable, with the
/// timestamps and version every hospital entity has.</summary>
public sealed class TestChart : Entity, ISoftDeletable
{
    public string Name { get; set; } = "";

    public string? Notes { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public Guid? DeletedBy { get; set; }
}

/// <summary>The hospital context plus <see cref="TestChart"/>. The entity is registered before
/// <c>base.OnModelCreating</c> so that the hospital model conventions (query filter, concurrency
/// token, UTC dates) are applied to it as they would be to a real clinical entity.</summary>
public sealed class AuditTestDbContext(DbContextOptions<AuditTestDbContext> options) : ClinicDbContext(options)
{
    public DbSet<TestChart> Charts => Set<TestChart>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<TestChart>(chart => chart.Property(c => c.Name).HasMaxLength(200));
        base.OnModelCreating(builder);
    }
}

/// <summary>A fixed person making the changes.</summary>
public sealed class TestActor(Guid? userId, string name) : ICurrentActor
{
    public Guid? UserId { get; } = userId;

    public string Name { get; } = name;
}
