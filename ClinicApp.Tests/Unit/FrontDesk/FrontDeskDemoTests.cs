using ClinicApp.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Demo;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;

namespace ClinicApp.Tests.Unit.FrontDesk;

public sealed class FrontDeskDemoTests
{
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateTime Now = HospitalTime.ToUtc(Today.ToDateTime(new TimeOnly(11, 0)), SaoPaulo);
    private static readonly Guid[] Vets = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    [Fact]
    public void The_demo_people_have_valid_unique_documents_and_phones()
    {
        var data = new FrontDeskDemo(1).Generate(FrontDeskDemoSize.Demo, Vets, Today, SaoPaulo, Now);

        Assert.Equal(180, data.Tutors.Count);
        Assert.All(data.Tutors, t => Assert.True(Cpf.IsValid(t.Cpf), t.Cpf));
        Assert.Equal(data.Tutors.Count, data.Tutors.Select(t => t.Cpf).Distinct().Count());
        Assert.All(data.Tutors, t => Assert.Equal(t.Phone, Phones.ToE164(t.Phone)));
        Assert.All(data.Tutors, t => Assert.StartsWith("+55", t.Phone, StringComparison.Ordinal));
        Assert.Contains(data.Pets, p => p.Species == Species.Cat);
        Assert.Contains(data.Pets, p => p.Species is not (Species.Dog or Species.Cat));
        Assert.All(data.Pets.Where(p => p.Microchip is not null), p => Assert.Equal(15, p.Microchip!.Length));
    }

    [Fact]
    public void The_agenda_spans_ninety_days_back_and_fourteen_ahead_for_every_vet_without_overlaps()
    {
        var data = new FrontDeskDemo(2).Generate(FrontDeskDemoSize.Demo, Vets, Today, SaoPaulo, Now);
        var days = data.Appointments.Select(a => DateOnly.FromDateTime(HospitalTime.ToLocal(a.Start, SaoPaulo))).ToList();

        Assert.Equal(Today.AddDays(-90), days.Min());
        Assert.Equal(Today.AddDays(14), days.Max());
        Assert.All(Vets, v => Assert.Contains(data.Appointments, a => a.VeterinarianId == v && a.Start > Now));
        var slots = data.Appointments.SelectMany(a => a.Slots).Select(s => (s.ResourceId, s.Start)).ToList();
        Assert.Equal(slots.Count, slots.Distinct().Count());
        Assert.Contains(data.Appointments, a => a.Status == AppointmentStatus.Completed);
        Assert.Contains(data.Appointments, a => a.Status == AppointmentStatus.NoShow);
        Assert.Contains(data.Appointments, a => a.Status == AppointmentStatus.Cancelled && a.Slots.Count == 0);
        Assert.All(data.Appointments.Where(a => a.Start > Now.AddMinutes(20)), a => Assert.True(a.Status is AppointmentStatus.Scheduled or AppointmentStatus.Confirmed));
        Assert.All(data.Appointments.Where(a => a.End <= Now), a => Assert.True(AppointmentWorkflow.IsFinal(a.Status)));
    }
}
