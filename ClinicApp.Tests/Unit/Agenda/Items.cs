using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;

namespace ClinicApp.Tests.Unit.Agenda;

/// <summary>Agenda items for tests: only what a test cares about is named.</summary>
internal static class Items
{
    public static readonly DateOnly Day = new(2027, 3, 10); // a Wednesday

    public static AgendaItem At(
        string start,
        int minutes = 30,
        Guid? vet = null,
        Guid? room = null,
        AppointmentStatus status = AppointmentStatus.Scheduled,
        DateOnly? day = null,
        string pet = "Rex",
        DateTime? checkedInAt = null)
    {
        var begin = (day ?? Day).ToDateTime(TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        return new AgendaItem(
            Guid.CreateVersion7(), Guid.NewGuid(), begin, begin.AddMinutes(minutes), vet ?? Guid.Empty, room, Guid.NewGuid(), pet, Species.Dog,
            PetAlerts.None, Guid.NewGuid(), "Maria Silva", null, AppointmentType.Consultation, status, null, null, checkedInAt);
    }

    public static AgendaView View(IReadOnlyList<AgendaItem> items, AgendaColumn[]? vets = null, AgendaColumn[]? rooms = null, AgendaSettings? settings = null) =>
        new(Day, 7, vets ?? [], rooms ?? [], items, settings ?? new AgendaSettings());
}
