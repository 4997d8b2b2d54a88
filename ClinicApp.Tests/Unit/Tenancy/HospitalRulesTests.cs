using System.Globalization;
using ClinicApp.Data.Catalog;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Time.Testing;

namespace ClinicApp.Tests.Unit.Tenancy;

public sealed class HospitalRulesTests
{
    [Theory]
    [InlineData("aurora")]
    [InlineData("boa-vista2")]
    [InlineData("a")]
    [InlineData("9vidas")]
    public void A_hospital_id_of_letters_digits_and_hyphens_is_accepted(string slug) =>
        Assert.Matches(TenantResolutionMiddleware.SlugRule(), slug);

    [Theory]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData("Aurora Hospital")]
    [InlineData("a/b")]
    [InlineData("aurora.vet")]
    [InlineData("são-paulo")]
    public void A_hospital_id_with_anything_else_is_rejected(string slug) =>
        Assert.DoesNotMatch(TenantResolutionMiddleware.SlugRule(), slug);

    [Fact]
    public void A_hospital_id_has_at_most_63_characters()
    {
        Assert.Matches(TenantResolutionMiddleware.SlugRule(), new string('a', 63));
        Assert.DoesNotMatch(TenantResolutionMiddleware.SlugRule(), new string('a', 64));
        Assert.DoesNotMatch(TenantResolutionMiddleware.SlugRule(), "h" + new string('-', 63));
    }

    [Theory]
    [InlineData("health")]
    [InlineData("hangfire")]
    [InlineData("account")]
    [InlineData("Account")]
    public void Platform_paths_are_reserved_and_never_a_hospital(string segment) =>
        Assert.Contains(segment, TenantResolutionMiddleware.Reserved);

    [Fact]
    public void A_generated_password_is_16_mixed_characters()
    {
        for (var i = 0; i < 50; i++)
        {
            var password = HospitalProvisioning.GeneratePassword();

            Assert.Equal(16, password.Length);
            Assert.Contains(password, char.IsLower);
            Assert.Contains(password, char.IsUpper);
            Assert.Contains(password, char.IsDigit);
            Assert.Contains(password, c => !char.IsLetterOrDigit(c));
        }
    }

    [Fact]
    public void Generated_passwords_differ_every_time()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => HospitalProvisioning.GeneratePassword()).ToList();

        Assert.Equal(50, passwords.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Hospital_time_converts_utc_to_the_hospitals_time_zone()
    {
        var time = new HospitalTime(Tenant("America/Sao_Paulo"), new FakeTimeProvider());

        // Brazil has had no daylight saving time since 2019: UTC-3 in January and in July.
        Assert.Equal(new DateTime(2026, 1, 15, 9, 0, 0), time.ToLocal(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 7, 14, 21, 30, 0), time.ToLocal(new DateTime(2026, 7, 15, 0, 30, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Hospital_time_treats_an_unspecified_time_as_utc()
    {
        var time = new HospitalTime(Tenant("America/Sao_Paulo"), new FakeTimeProvider());

        // What SQLite hands back without the UTC converter: the stored UTC value, kind unknown.
        Assert.Equal(new DateTime(2026, 1, 15, 9, 0, 0), time.ToLocal(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Unspecified)));
    }

    [Fact]
    public void Hospital_now_is_the_clock_in_the_hospitals_time_zone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 2, 15, 0, TimeSpan.Zero));
        var time = new HospitalTime(Tenant("America/Sao_Paulo"), clock);

        Assert.Equal(new DateTime(2026, 6, 30, 23, 15, 0), time.Now);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DateTime(2026, 7, 1, 0, 15, 0), time.Now);
    }

    [Fact]
    public void Hospital_time_is_formatted_in_the_readers_culture()
    {
        var time = new HospitalTime(Tenant("America/Sao_Paulo"), new FakeTimeProvider());
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("pt-BR");
            Assert.Equal("15/01/2026 09:05", time.Format(new DateTime(2026, 1, 15, 12, 5, 0, DateTimeKind.Utc)));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Hospital_time_without_a_hospital_fails_closed()
    {
        var time = new HospitalTime(new TenantContext(), new FakeTimeProvider());

        Assert.Throws<TenantUnavailableException>(() => time.ToLocal(DateTime.UtcNow));
    }

    private static TenantContext Tenant(string timeZone)
    {
        var context = new TenantContext();
        context.Set(new TenantInfo(Guid.CreateVersion7(), "aurora", "Hospital Aurora", "pt-BR", timeZone, "BRL", HospitalStatus.Active, []));
        return context;
    }
}
