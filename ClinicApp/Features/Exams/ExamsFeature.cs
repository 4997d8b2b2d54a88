using ClinicApp.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Exams;

/// <summary>Exam requests, their results and result files (DOMAIN.md area 3).</summary>
public static class ExamsFeature
{
    public static WebApplicationBuilder AddExams(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExamFileOptions>().BindConfiguration(ExamFileOptions.Section);
        builder.Services.AddScoped<ExamFileStore>();
        builder.Services.AddScoped<ExamService>();
        return builder;
    }

    /// <summary>An exam's result file for the staff, under the hospital's path ("/{hospital}/exams/…"), always
    /// as a download with the content type read from it at upload. An id of another hospital is not in
    /// this hospital's database: 404.</summary>
    public static IEndpointRouteBuilder MapExams(this IEndpointRouteBuilder endpoints)
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
