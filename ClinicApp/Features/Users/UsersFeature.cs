namespace ClinicApp.Features.Users;

/// <summary>The hospital's staff accounts, administered by its admins.</summary>
public static class UsersFeature
{
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<UserAdministration>();
        return builder;
    }
}
