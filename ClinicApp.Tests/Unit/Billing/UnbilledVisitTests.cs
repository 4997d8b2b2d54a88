using ClinicApp.Features.Invoices;

namespace ClinicApp.Tests.Unit.Billing;

/// <summary>The billing review lists visits, not doses: a stay's doses, days and exams are one line
/// with their count and what they add up to.</summary>
public sealed class UnbilledVisitTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Tutor = Guid.NewGuid();
    private static readonly Guid Pet = Guid.NewGuid();

    [Fact]
    public void A_stays_doses_days_and_exam_are_one_line_with_their_count_and_total()
    {
        var stay = Guid.NewGuid();
        var visit = CareCharges.StayVisitKey(stay);
        UnbilledCare[] care =
        [
            Care(CareCharges.DoseKey(Guid.NewGuid()), Now.AddHours(-9), "Charge.Unbilled.Dose", visit, 4.50m),
            Care(CareCharges.DoseKey(Guid.NewGuid()), Now.AddHours(-3), "Charge.Unbilled.Dose", visit, 4.50m),
            Care(CareCharges.StayKey(stay), Now.AddHours(-1), "Charge.Unbilled.Stay", visit, 750m),
            Care(CareCharges.ExamKey(Guid.NewGuid()), Now.AddHours(-5), "Charge.Unbilled.Exam", visit, 85m),
        ];

        var line = Assert.Single(CareCharges.ByVisit(care));

        Assert.Equal((visit, stay, 4, 844m), (line.VisitKey, line.StayId, line.Items, line.Total));
        Assert.Equal(("Charge.Unbilled.Visit.Stay", Now.AddHours(-1)), (line.What, line.At));
    }

    [Fact]
    public void Visits_stay_apart_and_the_latest_comes_first()
    {
        var appointment = CareCharges.AppointmentKey(Guid.NewGuid());
        var stay = CareCharges.StayVisitKey(Guid.NewGuid());
        UnbilledCare[] care =
        [
            Care(appointment, Now.AddDays(-2), "Appointment.Type.Consultation", appointment, 180m),
            Care(CareCharges.ExamKey(Guid.NewGuid()), Now.AddDays(-2).AddHours(1), "Charge.Unbilled.Exam", appointment, 85m),
            Care(CareCharges.DoseKey(Guid.NewGuid()), Now.AddHours(-1), "Charge.Unbilled.Dose", stay, null),
        ];

        var lines = CareCharges.ByVisit(care);

        Assert.Equal([stay, appointment], lines.Select(l => l.VisitKey));
        Assert.Equal((1, (decimal?)null), (lines[0].Items, lines[0].Total));
        Assert.Equal((2, 265m, "Appointment.Type.Consultation"), (lines[1].Items, lines[1].Total, lines[1].What));
        Assert.Null(lines[1].StayId);
    }

    [Fact]
    public void Care_of_no_visit_is_a_line_of_its_own()
    {
        var exam = CareCharges.ExamKey(Guid.NewGuid());

        var line = Assert.Single(CareCharges.ByVisit([Care(exam, Now, "Charge.Unbilled.Exam", null, 85m) with { Detail = "Hemograma completo" }]));

        Assert.Equal((exam, 1, "Charge.Unbilled.Exam", "Hemograma completo"), (line.VisitKey, line.Items, line.What, line.Detail));
    }

    private static UnbilledCare Care(string key, DateTime at, string what, string? visit, decimal? amount) =>
        new(key, at, Tutor, "Maria da Silva Souza", Pet, "Rex", what, VisitKey: visit, Amount: amount);
}
