using ClinicApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Tests.Unit.Data;

/// <summary>Every text column of a hospital's database has a finite maximum: it is what the services
/// check typed text against (and what SQL Server would enforce). A new column that forgets it would
/// let a megabyte of text in again.</summary>
public sealed class TextLimitsModelTests
{
    /// <summary>Identity's own bookkeeping: hashes, stamps and external-login data it writes itself, never
    /// text a person types into a ClinicApp form. Anything else must declare its maximum.</summary>
    private static readonly HashSet<string> IdentityBookkeeping =
    [
        "ApplicationRole.ConcurrencyStamp", "ApplicationUser.ConcurrencyStamp", "ApplicationUser.PasswordHash",
        "ApplicationUser.SecurityStamp", "IdentityRoleClaim`1.ClaimType", "IdentityRoleClaim`1.ClaimValue",
        "IdentityUserClaim`1.ClaimType", "IdentityUserClaim`1.ClaimValue", "IdentityUserLogin`1.LoginProvider",
        "IdentityUserLogin`1.ProviderKey", "IdentityUserLogin`1.ProviderDisplayName", "IdentityUserToken`1.LoginProvider",
        "IdentityUserToken`1.Name", "IdentityUserToken`1.Value",

        // Identity's column, which no ClinicApp form or service sets (a user's phone is not kept).
        "ApplicationUser.PhoneNumber",
    ];

    [Fact]
    public void Every_text_column_of_the_hospital_model_has_a_maximum_length()
    {
        using var db = new SqliteClinicDbContext(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite("Data Source=never-opened.db").Options);

        var unbounded = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Where(p => p.ClrType == typeof(string) && p.GetMaxLength() is null)
                .Select(p => $"{e.ClrType.Name}.{p.Name}"))
            .Where(name => !IdentityBookkeeping.Contains(name))
            .ToList();

        Assert.True(unbounded.Count == 0, "Text columns without HasMaxLength: " + string.Join(", ", unbounded));
    }
}
