using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicApp.Tests.Support;

/// <summary>Records the SQL that EF Core runs against one test app's databases (matched by the
/// app's data folder, so other apps in the process do not count) while it is alive.</summary>
public sealed class CommandLog : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _dataDirectory;
    private readonly IDisposable _subscription;
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly List<IDisposable> _listeners = [];

    public CommandLog(ClinicAppFactory app)
    {
        _dataDirectory = app.DataDirectory;
        _subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public IReadOnlyList<string> Commands => _commands.ToList();

    public int CountTouching(string table) =>
        _commands.Count(c => c.Contains($"\"{table}\"", StringComparison.Ordinal) || c.Contains($"[{table}]", StringComparison.Ordinal));

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_listeners)
            {
                _listeners.Add(value.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData executed
            && executed.Command.Connection?.DataSource?.StartsWith(_dataDirectory, StringComparison.Ordinal) == true)
        {
            _commands.Enqueue(executed.Command.CommandText);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _subscription.Dispose();
        lock (_listeners)
        {
            _listeners.ForEach(l => l.Dispose());
        }
    }
}
