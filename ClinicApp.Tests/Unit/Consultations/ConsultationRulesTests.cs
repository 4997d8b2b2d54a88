using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Tests.Support;
using static ClinicApp.Data.Clinical.ConsultationStatus;

namespace ClinicApp.Tests.Unit.Consultations;

/// <summary>A consultation is completed once: from InProgress only, and a refused completion changes nothing.</summary>
public sealed class ConsultationRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(InProgress, true)]
    [InlineData(Completed, false)]
    public void Only_a_consultation_in_progress_is_completed_and_a_refusal_changes_nothing(ConsultationStatus from, bool allowed)
    {
        var consultation = ConsultationIn(from);

        if (allowed)
        {
            consultation.Complete(Now);
            Assert.Equal((Completed, (DateTime?)Now), (consultation.Status, consultation.CompletedAt));
            return;
        }

        var before = EntityState.Of(consultation);
        var refusal = Assert.Throws<DomainRuleException>(() => consultation.Complete(Now));

        Assert.Equal("Consultation.Error.Completed", refusal.Message);
        Assert.Equal(before, EntityState.Of(consultation));
    }

    [Fact]
    public void A_new_consultation_is_in_progress_and_not_completed()
    {
        var consultation = new Consultation();

        Assert.Equal(InProgress, consultation.Status);
        Assert.Null(consultation.CompletedAt);
    }

    private static Consultation ConsultationIn(ConsultationStatus status)
    {
        var consultation = new Consultation { PetId = Guid.NewGuid(), StartedAt = Now.AddMinutes(-30) };
        if (status == Completed)
        {
            consultation.Complete(Now.AddMinutes(-1));
        }

        Assert.Equal(status, consultation.Status);
        return consultation;
    }
}
