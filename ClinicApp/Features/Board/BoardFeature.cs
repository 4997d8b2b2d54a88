using ClinicApp.Features.Care;

namespace ClinicApp.Features.Board;

/// <summary>The internment board: every bed at a glance, one shared snapshot per hospital (DOMAIN.md area 4).</summary>
public static class BoardFeature
{
    public static WebApplicationBuilder AddBoard(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<BoardService>();
        builder.Services.AddSingleton<CareSnapshots<BoardView>>();
        return builder;
    }
}
