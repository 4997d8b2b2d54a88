using ClinicApp.Common;
using ClinicApp.Features.Account;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Exams;

public static class ExamFileEndpoints
{
    /// <summary>An exam's result file for the staff, under the hospital's path ("/{hospital}/exams/…"), always
    /// as a download with the content type read from it at upload. An id of another hospital is not in
    /// this hospital's database: 404.</summary>
    public static IEndpointRouteBuilder MapExamFileEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exams/{examId:guid}/files/{fileId:guid}", async Task<Results<FileStreamHttpResult, NotFound>> (
            Guid examId, Guid fileId, ExamService exams, HttpContext http, CancellationToken ct) =>
        {
            if (await exams.OpenFileAsync(examId, fileId, ct) is not { } file)
            {
                return TypedResults.NotFound();
            }

            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        })
            .RequireAuthorization(Policies.Staff);
        return endpoints;
    }
}
