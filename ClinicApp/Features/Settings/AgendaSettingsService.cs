using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Settings;

public sealed class AgendaSettingsInput
{
    public TimeOnly OpensAt { get; set; }

    public TimeOnly ClosesAt { get; set; }

    public HashSet<DayOfWeek> WorkingDays { get; set; } = [];

    public int SlotMinutes { get; set; }

    public int LateAfterMinutes { get; set; }

    public static AgendaSettingsInput From(AgendaSettings settings) => new()
    {
        OpensAt = settings.OpensAt,
        ClosesAt = settings.ClosesAt,
        WorkingDays = Enum.GetValues<DayOfWeek>().Where(settings.IsWorkingDay).ToHashSet(),
        SlotMinutes = settings.SlotMinutes,
        LateAfterMinutes = settings.LateAfterMinutes,
    };
}

/// <summary>The Admin's settings of the agenda: opening hours, grid and rooms.</summary>
public sealed class AgendaSettingsService(ClinicDbFactory dbFactory, CurrentActor actor)
{
    public static IReadOnlyList<int> SlotChoices { get; } = [10, 15, 20, 30, 60];

    public async Task<AgendaSettings> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await AgendaService.SettingsAsync(db, ct);
    }

    public async Task SaveAsync(AgendaSettingsInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        if (input.ClosesAt <= input.OpensAt)
        {
            throw new DomainRuleException("Settings.Error.Hours");
        }

        if (input.WorkingDays.Count == 0)
        {
            throw new DomainRuleException("Settings.Error.Days");
        }

        if (!SlotChoices.Contains(input.SlotMinutes) || input.OpensAt.Minute % Appointment.SlotMinutes != 0 || input.ClosesAt.Minute % Appointment.SlotMinutes != 0)
        {
            throw new DomainRuleException("Settings.Error.Slot");
        }

        if (input.LateAfterMinutes is < 0 or > 120)
        {
            throw new DomainRuleException("Settings.Error.Late");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.AgendaSettings.FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new AgendaSettings();
            db.AgendaSettings.Add(settings);
        }

        settings.OpensAt = input.OpensAt;
        settings.ClosesAt = input.ClosesAt;
        settings.WorkingDays = input.WorkingDays.Aggregate(0, (bits, day) => bits | (1 << (int)day));
        settings.SlotMinutes = input.SlotMinutes;
        settings.LateAfterMinutes = input.LateAfterMinutes;
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<Room>> RoomsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Rooms.AsNoTracking().OrderBy(r => r.Order).ThenBy(r => r.Name).ToListAsync(ct);
    }

    /// <summary>Adds (id null) or renames a room, and sets whether it can be booked.</summary>
    public async Task SaveRoomAsync(Guid? id, string name, bool active, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var trimmed = string.IsNullOrWhiteSpace(name) ? throw new DomainRuleException("Settings.Error.RoomName") : name.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Rooms.AnyAsync(r => r.Name == trimmed && r.Id != id, ct))
        {
            throw new DomainRuleException("Settings.Error.RoomTaken");
        }

        var room = id is { } existing
            ? await db.Rooms.FirstOrDefaultAsync(r => r.Id == existing, ct) ?? throw new DomainRuleException("Common.Error.NotFound")
            : db.Rooms.Add(new Room { Name = trimmed, Order = await db.Rooms.CountAsync(ct) }).Entity;
        room.Name = trimmed;
        room.IsActive = active;
        await db.SaveChangesAsync(ct);
    }
}
