namespace ClinicApp.Features.Home;

/// <summary>Each role's home page.</summary>
public static class HomeFeature
{
    public static WebApplicationBuilder AddHome(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<HomeOverview>();
        return builder;
    }
}
