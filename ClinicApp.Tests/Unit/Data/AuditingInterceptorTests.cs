using ClinicApp.Data.Audit;
using ClinicApp.Data.Interceptors;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ClinicApp.Tests.Unit.Data;

/// <summary>The save interceptor against a real SQLite file: what every write to a hospital
/// database gets for free (timestamps, version, soft delete, audit entry).</summary>
public sealed class AuditingInterceptorTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 12, 30, 15, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clinicapp-unit", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TestActor _actor = new(Guid.CreateVersion7(), "dra.ana@aurora.vet");
    private readonly AuditingInterceptor _interceptor;
    private readonly string _connectionString;

    public AuditingInterceptorTests()
    {
        Directory.CreateDirectory(_directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "hospital.db") }.ToString();
        _interceptor = new AuditingInterceptor(_actor, _time);
    }

    public async Task InitializeAsync()
    {
        await using var db = Open();
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_hospital_model_conventions_apply_to_a_new_entity()
    {
        using var db = Open();
        var chart = db.Model.FindEntityType(typeof(TestChart))!;

        Assert.True(chart.FindProperty(nameof(TestChart.Version))!.IsConcurrencyToken);
        Assert.NotEmpty(chart.GetDeclaredQueryFilters());
        Assert.Contains(chart.GetIndexes(), i => i.Properties.Single().Name == nameof(TestChart.IsDeleted));
        Assert.NotNull(chart.FindProperty(nameof(TestChart.CreatedAt))!.GetValueConverter());
        Assert.NotNull(chart.FindProperty(nameof(TestChart.DeletedAt))!.GetValueConverter());
    }

    [Fact]
    public async Task Creating_a_record_stamps_its_times_and_version_and_audits_it()
    {
        var chart = new TestChart { Name = "Rex", Notes = "Labrador, 8 years" };
        await using (var db = Open())
        {
            db.Charts.Add(chart);
            await db.SaveChangesAsync();
        }

        await using var read = Open();
        var saved = await read.Charts.SingleAsync(c => c.Id == chart.Id);
        Assert.Equal(Start.UtcDateTime, saved.CreatedAt);
        Assert.Equal(Start.UtcDateTime, saved.UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, saved.CreatedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, saved.UpdatedAt.Kind);
        Assert.NotEqual(Guid.Empty, saved.Version);

        var audit = await read.AuditEntries.SingleAsync();
        Assert.Equal(AuditAction.Created, audit.Action);
        Assert.Equal(nameof(TestChart), audit.EntityType);
        Assert.Equal(chart.Id.ToString(), audit.EntityId);
        Assert.Equal(_actor.UserId, audit.UserId);
        Assert.Equal(_actor.Name, audit.UserName);
        Assert.Equal(Start.UtcDateTime, audit.At);
        Assert.Equal(DateTimeKind.Utc, audit.At.Kind);
        var fields = audit.ChangedFields.Split(',');
        Assert.Contains(nameof(TestChart.Name), fields);
        Assert.Contains(nameof(TestChart.Notes), fields);
        Assert.DoesNotContain(nameof(TestChart.UpdatedAt), fields);
        Assert.DoesNotContain(nameof(TestChart.Version), fields);
    }

    [Fact]
    public async Task Updating_a_record_renews_its_version_and_audits_only_the_changed_field()
    {
        var chart = await CreateAsync("Rex");
        var created = await LoadAsync(chart.Id);

        _time.Advance(TimeSpan.FromMinutes(5));
        await using (var db = Open())
        {
            var tracked = await db.Charts.SingleAsync(c => c.Id == chart.Id);
            tracked.Notes = "Vaccinated against rabies";
            await db.SaveChangesAsync();
        }

        var updated = await LoadAsync(chart.Id);
        Assert.Equal("Vaccinated against rabies", updated.Notes);
        Assert.NotEqual(created.Version, updated.Version);
        Assert.Equal(Start.UtcDateTime, updated.CreatedAt);
        Assert.Equal(Start.UtcDateTime.AddMinutes(5), updated.UpdatedAt);

        await using var read = Open();
        var audit = await read.AuditEntries.SingleAsync(a => a.Action == AuditAction.Updated);
        Assert.Equal(nameof(TestChart.Notes), audit.ChangedFields);
        Assert.Equal(chart.Id.ToString(), audit.EntityId);
        Assert.Equal(Start.UtcDateTime.AddMinutes(5), audit.At);
    }

    [Fact]
    public async Task Saving_without_a_real_change_writes_no_audit_entry_and_keeps_the_version()
    {
        var chart = await CreateAsync("Rex");
        var before = await LoadAsync(chart.Id);

        _time.Advance(TimeSpan.FromMinutes(5));
        await using (var db = Open())
        {
            var tracked = await db.Charts.SingleAsync(c => c.Id == chart.Id);
            await db.SaveChangesAsync();

            // Marked modified, but with the value it already had: nothing an auditor would care about.
            tracked.Name = "Rex";
            db.Entry(tracked).Property(c => c.Name).IsModified = true;
            await db.SaveChangesAsync();
        }

        var after = await LoadAsync(chart.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        await using var read = Open();
        Assert.Equal(AuditAction.Created, (await read.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task Removing_a_soft_deletable_record_only_marks_it_deleted()
    {
        var chart = await CreateAsync("Rex");

        _time.Advance(TimeSpan.FromHours(1));
        await using (var db = Open())
        {
            db.Charts.Remove(await db.Charts.SingleAsync(c => c.Id == chart.Id));
            await db.SaveChangesAsync();
        }

        await using var read = Open();
        Assert.False(await read.Charts.AnyAsync(c => c.Id == chart.Id));
        var row = await read.Charts.IgnoreQueryFilters().SingleAsync(c => c.Id == chart.Id);
        Assert.True(row.IsDeleted);
        Assert.Equal(Start.UtcDateTime.AddHours(1), row.DeletedAt);
        Assert.Equal(DateTimeKind.Utc, row.DeletedAt!.Value.Kind);
        Assert.Equal(_actor.UserId, row.DeletedBy);
        Assert.Equal("Rex", row.Name);

        var audit = await read.AuditEntries.SingleAsync(a => a.Action == AuditAction.Deleted);
        Assert.Equal(nameof(TestChart), audit.EntityType);
        Assert.Equal(chart.Id.ToString(), audit.EntityId);
        Assert.Equal(_actor.Name, audit.UserName);
    }

    [Fact]
    public async Task The_second_of_two_concurrent_edits_is_refused()
    {
        var chart = await CreateAsync("Rex");
        await using var first = Open();
        await using var second = Open();
        var mine = await first.Charts.SingleAsync(c => c.Id == chart.Id);
        var theirs = await second.Charts.SingleAsync(c => c.Id == chart.Id);

        mine.Notes = "Weight 32 kg";
        await first.SaveChangesAsync();
        theirs.Notes = "Weight 30 kg";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal("Weight 32 kg", (await LoadAsync(chart.Id)).Notes);
    }

    private AuditTestDbContext Open() =>
        new(new DbContextOptionsBuilder<AuditTestDbContext>()
            .UseSqlite(_connectionString)
            .AddInterceptors(_interceptor)
            .Options);

    private async Task<TestChart> CreateAsync(string name)
    {
        var chart = new TestChart { Name = name };
        await using var db = Open();
        db.Charts.Add(chart);
        await db.SaveChangesAsync();
        return chart;
    }

    private async Task<TestChart> LoadAsync(Guid id)
    {
        await using var db = Open();
        return await db.Charts.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id);
    }
}
