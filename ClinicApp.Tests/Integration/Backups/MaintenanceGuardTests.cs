using ClinicApp.Components.Shared;
using ClinicApp.Data.Common;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>While a hospital is in maintenance (restored), every write to its database is refused with a message
/// that says why, nothing is written, reads go on and the other hospitals write as usual.</summary>
[Collection(RestoreCollection.Name)]
public sealed class MaintenanceGuardTests(RestoreAppFixture fixture)
{
    private readonly RestoreAppFactory _app = fixture.App;

    [Fact]
    public async Task In_maintenance_every_write_is_refused_with_writes_paused_nothing_is_written_and_other_hospitals_write()
    {
        var aurora = await _app.HospitalAsync("aurora");
        await using var desk = await AsAsync(_app, "aurora");
        await using var other = await AsAsync(_app, "boavista");
        var existing = await desk.NewTutorAsync();
        var name = $"Tutor em pausa {Guid.NewGuid():N}";
        var maintenance = _app.Services.GetRequiredService<HospitalMaintenance>();

        Assert.True(await maintenance.EnterAsync(aurora.Id, "test"));
        try
        {
            var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.NewTutorAsync(name));
            Assert.Equal(MaintenanceGuard.WritesPausedKey, refusal.Message);
            var localizer = desk.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
            using (new CultureScope("pt-BR"))
            {
                Assert.StartsWith("Os dados deste hospital estão sendo restaurados", localizer.Describe(refusal), StringComparison.Ordinal);
            }

            using (new CultureScope("en"))
            {
                Assert.StartsWith("This hospital's data is being restored", localizer.Describe(refusal), StringComparison.Ordinal);
            }

            // A bulk command skips SaveChanges: it is refused as it executes.
            await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
            {
                var bulk = await Assert.ThrowsAsync<DomainRuleException>(() => db.Tutors.Where(t => t.Id == existing).ExecuteDeleteAsync());
                Assert.Equal(MaintenanceGuard.WritesPausedKey, bulk.Message);
            }

            // Reads go on; nothing of the refused writes is there.
            Assert.Equal(0, (await desk.Tutors.SearchAsync(new TutorQuery(name))).Total);
            Assert.NotNull(await desk.Tutors.GetAsync(existing));

            var elsewhere = await other.NewTutorAsync();
            Assert.NotNull(await other.Tutors.GetAsync(elsewhere));
        }
        finally
        {
            await maintenance.LeaveAsync(aurora.Id);
        }

        var created = await desk.NewTutorAsync(name);
        Assert.Equal(name, (await desk.Tutors.GetAsync(created))?.Name);
    }

    [Fact]
    public async Task A_hospital_already_in_maintenance_cannot_enter_it_twice()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var maintenance = _app.Services.GetRequiredService<HospitalMaintenance>();

        Assert.True(await maintenance.EnterAsync(aurora.Id, "first"));
        try
        {
            Assert.False(await maintenance.EnterAsync(aurora.Id, "second"));
        }
        finally
        {
            await maintenance.LeaveAsync(aurora.Id);
        }

        Assert.False((await _app.HospitalAsync("aurora")).InMaintenance);
    }
}
