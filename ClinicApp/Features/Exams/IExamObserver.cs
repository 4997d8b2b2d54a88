namespace ClinicApp.Features.Exams;

/// <summary>Told after an exam is completed, in the hospital's scope (to charge it). Register any
/// number with AddScoped; a failing observer is logged and does not undo the result.</summary>
public interface IExamObserver
{
    Task ExamCompletedAsync(Guid examId, CancellationToken ct);
}
