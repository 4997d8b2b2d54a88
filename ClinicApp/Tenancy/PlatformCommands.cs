using ClinicApp.Data.Catalog;

namespace ClinicApp.Tenancy;

/// <summary>The platform operator's command line: <c>tenant add|list|suspend|activate</c> and
/// <c>migrate</c>, run as <c>dotnet run --project ClinicApp -- VERB …</c> (or <c>dotnet ClinicApp.dll VERB …</c>).</summary>
public static class PlatformCommands
{
    public static bool IsCommand(string[] args) => args is ["tenant", ..] or ["migrate", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var provisioning = services.GetRequiredService<HospitalProvisioning>();
        try
        {
            switch (args)
            {
                case ["migrate", ..]:
                    var failures = await provisioning.MigrateAllAsync();
                    if (failures.Count > 0)
                    {
                        // Never an empty database in place of a lost one: the operator restores it.
                        await output.WriteLineAsync($"These hospital databases could not be opened (restore them from a backup); nothing was created:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", failures)}");
                        return 1;
                    }

                    await output.WriteLineAsync("Catalog and every hospital database are up to date.");
                    return 0;
                case ["tenant", "add", var slug, var name, .. var rest]:
                    var email = Option(rest, "--admin-email")
                        ?? throw new HospitalProvisioningException("--admin-email is required.");
                    var created = await provisioning.AddAsync(
                        slug, name, email, Option(rest, "--culture") ?? "pt-BR", Option(rest, "--time-zone") ?? "America/Sao_Paulo");
                    await output.WriteLineAsync($"Hospital '{created.Tenant.Slug}' ({created.Tenant.Name}) created.");
                    await output.WriteLineAsync($"Admin: {created.AdminEmail}");
                    await output.WriteLineAsync($"One-time password: {created.AdminPassword}  (shown once; change it after the first sign-in)");
                    return 0;
                case ["tenant", "list"]:
                    foreach (var hospital in await provisioning.HospitalsAsync())
                    {
                        await output.WriteLineAsync($"{hospital.Slug,-20} {hospital.Status,-10} {hospital.Culture,-6} {hospital.TimeZone,-22} {hospital.Name}");
                    }

                    return 0;
                case ["tenant", "suspend", var slug]:
                    await provisioning.SetStatusAsync(slug, HospitalStatus.Suspended);
                    await output.WriteLineAsync($"Hospital '{slug}' suspended.");
                    return 0;
                case ["tenant", "activate", var slug]:
                    await provisioning.SetStatusAsync(slug, HospitalStatus.Active);
                    await output.WriteLineAsync($"Hospital '{slug}' active.");
                    return 0;
                default:
                    await output.WriteLineAsync("""
                        Usage:
                          tenant add <id> "<name>" --admin-email <email> [--culture pt-BR] [--time-zone America/Sao_Paulo]
                          tenant list
                          tenant suspend <id>
                          tenant activate <id>
                          migrate
                        """);
                    return 2;
            }
        }
        catch (HospitalProvisioningException ex)
        {
            await output.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
