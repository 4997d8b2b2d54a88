using ClinicApp.Features.Board;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClinicApp.Tests.Unit.Board;

public sealed class BoardSnapshotsTests
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
        var snapshots = new BoardSnapshots(_bus);

        var views = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => snapshots.GetAsync(_aurora, null, Now, LoadAsync)));

        Assert.Equal(1, _loads);
        Assert.All(views, v => Assert.Same(views[0], v));
    }

    [Fact]
    public async Task A_change_of_the_hospitals_care_drops_its_board_and_only_its_board()
    {
        var snapshots = new BoardSnapshots(_bus);
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
    public async Task A_snapshot_is_never_older_than_its_maximum_age_and_wards_are_kept_apart()
    {
        var snapshots = new BoardSnapshots(_bus);
        var ward = Guid.NewGuid();
        await snapshots.GetAsync(_aurora, null, Now, LoadAsync);
        await snapshots.GetAsync(_aurora, ward, Now, LoadAsync);
        await snapshots.GetAsync(_aurora, null, Now + BoardSnapshots.MaxAge - TimeSpan.FromMilliseconds(1), LoadAsync);
        Assert.Equal(2, _loads);

        await snapshots.GetAsync(_aurora, null, Now + BoardSnapshots.MaxAge, LoadAsync);
        Assert.Equal(3, _loads);
    }

    [Fact]
    public async Task A_failed_load_is_not_kept()
    {
        var snapshots = new BoardSnapshots(_bus);
        await Assert.ThrowsAsync<InvalidOperationException>(() => snapshots.GetAsync(_aurora, null, Now, () => throw new InvalidOperationException("db down")));

        await snapshots.GetAsync(_aurora, null, Now, LoadAsync);
        Assert.Equal(1, _loads);
    }
}
