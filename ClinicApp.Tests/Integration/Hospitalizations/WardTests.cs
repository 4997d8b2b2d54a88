using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Hospitalizations;

[Collection(AppCollection.Name)]
public sealed class WardTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task The_admin_adds_wards_and_beds_and_cannot_retire_a_bed_or_ward_with_a_patient_in_it()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var wards = vet.Services.GetRequiredService<WardService>();
        var wardName = $"UTI {Guid.NewGuid():N}"[..12];
        Guid ward = default, bed = default;
        await vet.AsAdminAsync(async () =>
        {
            ward = await wards.SaveWardAsync(null, new WardInput { Name = wardName, IsIsolation = true, Order = 1 });
            bed = await wards.SaveBedAsync(null, new BedInput { WardId = ward, Name = "Baia 1" });
        });
        var pet = await vet.NewPetAsync(name: "Pipoca");
        await HospitalizationTests.Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, BedId = bed, Reason = "Parvovirose", Biohazard = true });

        var bedRefusal = await Refusals.CaptureAsync(vet.AsAdminAsync(() => wards.SaveBedAsync(bed, new BedInput { WardId = ward, Name = "Baia 1", IsActive = false })));
        var wardRefusal = await Refusals.CaptureAsync(vet.AsAdminAsync(() => wards.SaveWardAsync(ward, new WardInput { Name = wardName, IsIsolation = true, IsActive = false })));
        var duplicate = await Refusals.CaptureAsync(vet.AsAdminAsync(() => wards.SaveBedAsync(null, new BedInput { WardId = ward, Name = "Baia 1" })));
        var notAdmin = await Refusals.CaptureAsync(wards.SaveWardAsync(null, new WardInput { Name = "Outra" }));

        Assert.Equal(("Wards.Error.BedOccupied", "Pipoca"), (bedRefusal!.Message, bedRefusal.Arguments[1]));
        Assert.Equal(("Wards.Error.WardOccupied", "Pipoca"), (wardRefusal!.Message, wardRefusal.Arguments[2]));
        Assert.Equal("Wards.Error.BedNameTaken", duplicate!.Message);
        Assert.Equal("Common.Error.NotAllowed", notAdmin!.Message);
        var row = (await wards.WardsAsync()).Single(w => w.Id == ward);
        Assert.True(row.IsActive && row.IsIsolation);
        Assert.Equal([("Baia 1", true, "Pipoca")], row.Beds.Select(b => (b.Name, b.IsActive, b.Occupant)));
    }

    [Fact]
    public async Task A_free_bed_can_be_retired_and_then_takes_no_patient()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var wards = vet.Services.GetRequiredService<WardService>();
        var bed = await vet.NewBedAsync();
        var ward = (await wards.WardsAsync()).Single(w => w.Beds.Any(b => b.Id == bed));

        await vet.AsAdminAsync(() => wards.SaveBedAsync(bed, new BedInput { WardId = ward.Id, Name = "Retirado", IsActive = false }));
        var refusal = await Refusals.CaptureAsync(HospitalizationTests.Stays(vet).AdmitAsync(new AdmitInput { PetId = await vet.NewPetAsync(), BedId = bed, Reason = "x" }));

        Assert.Equal("Hospitalization.Error.BedUnavailable", refusal!.Message);
        Assert.DoesNotContain(await HospitalizationTests.Stays(vet).FreeBedsAsync(), b => b.BedId == bed);
        Assert.Equal("Wards.Error.NameRequired", (await Refusals.CaptureAsync(vet.AsAdminAsync(() => wards.SaveBedAsync(bed, new BedInput { WardId = ward.Id, Name = " " }))))!.Message);
    }
}
