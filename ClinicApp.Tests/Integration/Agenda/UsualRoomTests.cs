using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Agenda;

/// <summary>The booking's room defaults to the vet's usual room: the one most of their appointments use.</summary>
[Collection(AppCollection.Name)]
public sealed class UsualRoomTests(AppFixture fixture)
{
    [Fact]
    public async Task A_vets_usual_room_is_the_room_most_of_their_appointments_use_and_none_without_any()
    {
        await using var desk = await AsAsync(fixture.App, "aurora");
        var vet = await desk.NewVetAsync();
        var newcomer = await desk.NewVetAsync();
        var usual = await desk.NewRoomAsync();
        var other = await desk.NewRoomAsync();
        var pet = await desk.NewPetAsync();
        var day = desk.FutureSlot(weeksAhead: 1, hour: 9);
        await desk.Agenda.BookAsync(Booking(pet, vet, day, roomId: usual));
        await desk.Agenda.BookAsync(Booking(pet, vet, day.AddHours(1), roomId: other));
        await desk.Agenda.BookAsync(Booking(pet, vet, day.AddHours(2), roomId: usual));
        await desk.Agenda.BookAsync(Booking(pet, vet, day.AddHours(3)));

        Assert.Equal(usual, await desk.Agenda.UsualRoomAsync(vet));
        Assert.Null(await desk.Agenda.UsualRoomAsync(newcomer));
    }
}
