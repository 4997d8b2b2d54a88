namespace ClinicApp.Features.Tutors;

/// <summary>Tutors (the pets' owners): registration, search, the tutor's page (DOMAIN.md area 2).</summary>
public static class TutorsFeature
{
    public static WebApplicationBuilder AddTutors(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TutorService>();
        return builder;
    }
}
