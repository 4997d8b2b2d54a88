using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Board;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClinicApp.Tests.Unit.Board;

public sealed class CareSnapshotsTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 15, 0, 0, DateTimeKind.Utc);
    private readonly InProcessEventBus _bus = new(NullLogger<InProcessEventBus>.Instance);
    private readonly Guid _aurora = Guid.NewGuid();
    private readonly Guid _boavista = Guid.NewGuid();
    private int _loads;

    private async Task<BoardView> LoadAsync()
    {
        Interlocked.Increment(ref _loads);
        await Task.Delay(50);
        return new BoardView(Now, 30, [], []);
    }

    [Fact]
    public async Task Boards_reloading_at_the_same_moment_share_one_load()
    {
        var snapshots = new CareSnapshots<BoardView>(_bus);

        var views = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => snapshots.GetAsync(_aurora, null, Now, LoadAsync)));

        Assert.Equal(1, _loads);
        Assert.All(views, v => Assert.Same(views[0], v));
    }

    [Fact]
    public async Task A_change_of_the_hospitals_care_drops_its_board_and_only_its_board()
    {
        var snapshots = new CareSnapshots<BoardView>(_bus);
        var first = await snapshots.GetAsync(_aurora, null, Now, LoadAsync);
        await snapshots.GetAsync(_boavista, null, Now, LoadAsync);
        Assert.Equal(2, _loads);

        await _bus.PublishAsync(_boavista, new CareChanged(Guid.NewGuid(), Guid.NewGuid(), CareChange.AdministrationRecorded));
        Assert.Same(first, await snapshots.GetAsync(_aurora, null, Now, LoadAsync));
        Assert.Equal(2, _loads);

        await _bus.PublishAsync(_aurora, new CareChanged(Guid.NewGuid(), Guid.NewGuid(), CareChange.AdministrationRecorded));
        Assert.NotSame(first, await snapshots.GetAsync(_aurora, null, Now, LoadAsync));
        Assert.Equal(3, _loads);
    }

    [Fact]
    public async Task Past_its_maximum_age_a_snapshot_is_reloaded_while_callers_keep_getting_it_until_the_reload_lands_and_wards_are_kept_apart()
    {
        var snapshots = new CareSnapshots<BoardView>(_bus);
        var ward = Guid.NewGuid();
        var first = await snapshots.GetAsync(_aurora, null, Now, LoadAsync);
        await snapshots.GetAsync(_aurora, ward, Now, LoadAsync);
        Assert.Same(first, await snapshots.GetAsync(_aurora, null, Now + CareSnapshots<BoardView>.MaxAge - TimeSpan.FromMilliseconds(1), LoadAsync));
        Assert.Equal(2, _loads);

        var expired = Now + CareSnapshots<BoardView>.MaxAge;
        Assert.Same(first, await snapshots.GetAsync(_aurora, null, expired, LoadAsync));
        Assert.Same(first, await snapshots.GetAsync(_aurora, null, expired, LoadAsync));

        await Task.Delay(500);
        var second = await snapshots.GetAsync(_aurora, null, expired, LoadAsync);
        Assert.NotSame(first, second);
        Assert.Equal(3, _loads);
    }

    [Fact]
    public async Task After_a_change_nobody_gets_the_old_snapshot_even_while_the_new_one_loads()
    {
        var snapshots = new CareSnapshots<BoardView>(_bus);
        var first = await snapshots.GetAsync(_aurora, null, Now, LoadAsync);

        await _bus.PublishAsync(_aurora, new CareChanged(Guid.NewGuid(), Guid.NewGuid(), CareChange.AdministrationRecorded));
        var loading = snapshots.GetAsync(_aurora, null, Now + CareSnapshots<BoardView>.MaxAge, LoadAsync);

        Assert.False(loading.IsCompleted);
        Assert.NotSame(first, await loading);
    }

    [Fact]
    public async Task A_copy_restored_from_prerendering_is_swapped_for_the_shared_board_when_that_is_as_new_or_newer()
    {
        var snapshots = new CareSnapshots<BoardView>(_bus);
        var shared = await snapshots.GetAsync(_aurora, null, Now, LoadAsync);
        var copy = shared with { Stays = [] };
        var older = copy with { LoadedAt = Now.AddSeconds(-5) };
        var newer = copy with { LoadedAt = Now.AddSeconds(1) };

        Assert.Same(shared, snapshots.Adopt(_aurora, null, copy));
        Assert.Same(shared, snapshots.Adopt(_aurora, null, older));
        Assert.Same(newer, snapshots.Adopt(_aurora, null, newer));
        Assert.Same(copy, snapshots.Adopt(_boavista, null, copy));
        Assert.Same(copy, snapshots.Adopt(_aurora, Guid.NewGuid(), copy));

        await _bus.PublishAsync(_aurora, new CareChanged(Guid.NewGuid(), Guid.NewGuid(), CareChange.AdministrationRecorded));
        Assert.Same(copy, snapshots.Adopt(_aurora, null, copy));
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task A_reload_after_a_change_shares_the_unchanged_cards_with_the_board_before_it()
    {
        var snapshots = new CareSnapshots<BoardView>(_bus);
        var rex = Guid.NewGuid();
        var mel = Guid.NewGuid();
        var late = 0;
        Task<BoardView> Load() => Task.FromResult(new BoardView(Now, 30, [], [Stay(rex, "Rex", 0), Stay(mel, "Mel", late)]));
        var first = await snapshots.GetAsync(_aurora, null, Now, Load);

        late = 1;
        await _bus.PublishAsync(_aurora, new CareChanged(Guid.NewGuid(), mel, CareChange.AdministrationRecorded));
        var second = await snapshots.GetAsync(_aurora, null, Now, Load);

        Assert.Same(first.StayOf(rex), second.StayOf(rex));
        Assert.NotSame(first.StayOf(mel), second.StayOf(mel));
        Assert.Equal(1, second.StayOf(mel)!.LateAtLoad);
    }

    private static BoardStay Stay(Guid id, string name, int late) => new(
        id, id, name, Species.Dog, "Tutor", "Vet", null, HospitalizationPriority.Medium,
        HospitalizationStatus.InCare, false, "Motivo", Now.AddDays(-1), null, [], null, [], late, [new BoardDose(Now.AddHours(1), "Dipirona")]);

    [Fact]
    public async Task The_current_view_is_read_without_loading_and_is_gone_after_a_change()
    {
        var snapshots = new CareSnapshots<BoardView>(_bus);
        Assert.Null(snapshots.Current(_aurora, null));

        var shared = await snapshots.GetAsync(_aurora, null, Now, LoadAsync);
        Assert.Same(shared, snapshots.Current(_aurora, null));
        Assert.Null(snapshots.Current(_boavista, null));

        await _bus.PublishAsync(_aurora, new CareChanged(Guid.NewGuid(), Guid.NewGuid(), CareChange.AdministrationRecorded));
        Assert.Null(snapshots.Current(_aurora, null));
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task A_failed_load_is_not_kept()
    {
        var snapshots = new CareSnapshots<BoardView>(_bus);
        await Assert.ThrowsAsync<InvalidOperationException>(() => snapshots.GetAsync(_aurora, null, Now, () => throw new InvalidOperationException("db down")));

        await snapshots.GetAsync(_aurora, null, Now, LoadAsync);
        Assert.Equal(1, _loads);
    }
}
