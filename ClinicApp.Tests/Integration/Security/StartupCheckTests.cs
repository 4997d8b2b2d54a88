using ClinicApp.Infrastructure.Security;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Configuration;

namespace ClinicApp.Tests.Integration.Security;

/// <summary>Issue 11 #15: a data folder or catalog database the app cannot use is named in one line.</summary>
public sealed class StartupCheckTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "clinicapp-startup", Guid.NewGuid().ToString("N"));

    public StartupCheckTests() => Directory.CreateDirectory(_root);

    private static string? Problem(string dataDirectory) => StartupChecks.Problem(
        new ConfigurationBuilder().Build(),
        new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" },
        new DatabaseOptions { Provider = DatabaseProvider.Sqlite },
        dataDirectory);

    private static void AssertOneLineNaming(string? problem, string path, string cause)
    {
        Assert.NotNull(problem);
        Assert.Contains(path, problem, StringComparison.Ordinal);
        Assert.Contains(cause, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
        Assert.DoesNotContain(" at ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_folder_that_cannot_be_created_or_written_is_refused()
    {
        // Under a regular file: no folder can be made there, even by root (who ignores permissions).
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "");
        var underFile = Path.Combine(file, "data");

        AssertOneLineNaming(Problem(underFile), underFile, "not writable");

        // A read-only folder too, where permissions bind (not when the tests run as root).
        if (OperatingSystem.IsLinux())
        {
            var readOnly = Directory.CreateDirectory(Path.Combine(_root, "read-only")).FullName;
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            if (!CanWrite(readOnly))
            {
                AssertOneLineNaming(Problem(readOnly), readOnly, "not writable");
            }

            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void A_catalog_that_is_not_a_database_is_refused_and_a_good_folder_passes()
    {
        var data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        Assert.Null(Problem(data));

        var catalog = Path.Combine(data, "catalog.db");
        File.WriteAllText(catalog, "this is not a database, just some text long enough to have a header");

        AssertOneLineNaming(Problem(data), catalog, "cannot be opened");
    }

    private static bool CanWrite(string folder)
    {
        try
        {
            var probe = Path.Combine(folder, "probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
