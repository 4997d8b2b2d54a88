using System.Security.Cryptography;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Tenancy;

public sealed class HospitalProvisioningException(string message) : Exception(message);

public sealed record ProvisionedHospital(TenantInfo Tenant, string AdminEmail, string? AdminPassword);

/// <summary>Creates, migrates and suspends hospitals: the platform operator's verbs.</summary>
public sealed class HospitalProvisioning(
    TenantConnections connections,
    HospitalCatalog catalog,
    TenantScopes scopes,
    TimeProvider time,
    UnavailableHospitals unavailable,
    ILogger<HospitalProvisioning> logger)
{
    public async Task MigrateCatalogAsync(CancellationToken ct = default)
    {
        await using var db = connections.CreateCatalog();
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>Catalog first, then every hospital (suspended ones too: their data must stay current). A
    /// hospital's database is never created here (only <see cref="AddAsync"/> creates one): a missing or broken
    /// file is reported, marked unavailable and skipped, so it cannot stop the others. Returns those failures.</summary>
    public async Task<IReadOnlyList<string>> MigrateAllAsync(CancellationToken ct = default)
    {
        await MigrateCatalogAsync(ct);
        catalog.Invalidate();
        var failures = new List<string>();
        foreach (var hospital in await HospitalsAsync(ct))
        {
            try
            {
                await using var db = OpenHospital(hospital);
                // Opened first: EF reads a missing file as "no migrations applied" instead of failing.
                await db.Database.OpenConnectionAsync(ct);
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                if (pending.Count > 0)
                {
                    logger.LogInformation("Migrating hospital {Hospital}: {Migrations}", hospital.Slug, string.Join(", ", pending));
                    await db.Database.MigrateAsync(ct);
                }
            }
            catch (Exception e) when (UnavailableHospitals.IsDatabaseLost(e))
            {
                unavailable.Mark(hospital.Id, hospital.Slug, e);
                failures.Add($"{hospital.Slug}: {e.Message}");
            }
        }

        return failures;
    }

    /// <summary>Pending migrations, as "catalog: X" / "{hospital}: Y" lines.</summary>
    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken ct = default)
    {
        var pending = new List<string>();
        await using (var db = connections.CreateCatalog())
        {
            pending.AddRange((await db.Database.GetPendingMigrationsAsync(ct)).Select(m => $"catalog: {m}"));
            if (pending.Count > 0)
            {
                return pending;
            }
        }

        foreach (var hospital in await HospitalsAsync(ct))
        {
            try
            {
                await using var db = OpenHospital(hospital);
                await db.Database.OpenConnectionAsync(ct);
                pending.AddRange((await db.Database.GetPendingMigrationsAsync(ct)).Select(m => $"{hospital.Slug}: {m}"));
            }
            catch (Exception e) when (UnavailableHospitals.IsDatabaseLost(e))
            {
                // Not a pending migration: this hospital is down, the others start.
                unavailable.Mark(hospital.Id, hospital.Slug, e);
            }
        }

        return pending;
    }

    public async Task<ProvisionedHospital> AddAsync(
        string slug,
        string name,
        string adminEmail,
        string culture = "pt-BR",
        string timeZone = "America/Sao_Paulo",
        string? adminPassword = null,
        string adminName = "Administrator",
        UserGender adminGender = UserGender.Unspecified,
        CancellationToken ct = default)
    {
        slug = slug.Trim().ToLowerInvariant();
        if (!TenantResolutionMiddleware.SlugRule().IsMatch(slug) || TenantResolutionMiddleware.Reserved.Contains(slug))
        {
            throw new HospitalProvisioningException(
                $"'{slug}' cannot be a hospital id: use lowercase letters, digits and hyphens (up to 63), not one of: {string.Join(", ", TenantResolutionMiddleware.Reserved)}.");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new HospitalProvisioningException("The hospital needs a name.");
        }

        if (!adminEmail.Contains('@', StringComparison.Ordinal))
        {
            throw new HospitalProvisioningException($"'{adminEmail}' is not an email address.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            throw new HospitalProvisioningException($"'{timeZone}' is not a known time zone.");
        }

        await MigrateCatalogAsync(ct);
        var hospital = new Hospital
        {
            Slug = slug,
            Name = name.Trim(),
            Culture = culture,
            TimeZone = timeZone,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        await using (var db = connections.CreateCatalog())
        {
            if (await db.Hospitals.AnyAsync(h => h.Slug == slug, ct))
            {
                throw new HospitalProvisioningException($"A hospital with id '{slug}' already exists.");
            }

            db.Hospitals.Add(hospital);
            await db.SaveChangesAsync(ct);
        }

        catalog.Invalidate();
        await using (var db = OpenHospital(hospital, create: true))
        {
            await db.Database.MigrateAsync(ct);
        }

        var tenant = TenantInfo.From(hospital);
        // A generated password was read off a console: its owner must replace it at first sign-in.
        var password = await EnsureUserAsync(tenant, adminEmail, adminName, [Roles.Admin], adminPassword ?? GeneratePassword(), mustChangePassword: adminPassword is null, adminGender, ct);
        logger.LogInformation("Hospital {Hospital} created", slug);
        return new ProvisionedHospital(tenant, adminEmail, password);
    }

    /// <summary>Creates the roles and the user if missing; returns the password when the user was created.</summary>
    public async Task<string?> EnsureUserAsync(
        TenantInfo tenant, string email, string displayName, IReadOnlyList<string> roles, string password,
        bool mustChangePassword = false, UserGender gender = UserGender.Unspecified, CancellationToken ct = default)
    {
        await using var scope = scopes.Create(tenant, "provisioning");
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<ApplicationRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new ApplicationRole(role)));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return null;
        }

        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, MustChangePassword = mustChangePassword, Gender = gender };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, roles));
        return password;
    }

    public async Task SetStatusAsync(string slug, HospitalStatus status, CancellationToken ct = default)
    {
        await using var db = connections.CreateCatalog();
        var hospital = await db.Hospitals.FirstOrDefaultAsync(h => h.Slug == slug, ct)
            ?? throw new HospitalProvisioningException($"There is no hospital '{slug}'.");
        if (status == HospitalStatus.Suspended)
        {
            hospital.Suspend();
        }
        else
        {
            hospital.Activate();
        }

        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
    }

    public async Task<IReadOnlyList<Hospital>> HospitalsAsync(CancellationToken ct = default)
    {
        await using var db = connections.CreateCatalog();
        return await db.Hospitals.AsNoTracking().OrderBy(h => h.Slug).ToListAsync(ct);
    }

    private Data.ClinicDbContext OpenHospital(Hospital hospital, bool create = false) =>
        connections.CreateHospital(connections.HospitalConnectionString(hospital, create), new SystemActor("provisioning"), time);

    /// <summary>A one-time password that satisfies the password rules (12+ characters, mixed).</summary>
    public static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz";
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        const string symbols = "!@#$%*-_";
        var all = lower + upper + digits + symbols;
        var chars = new char[16];
        chars[0] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[1] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new HospitalProvisioningException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
