using System.Net;
using System.Net.Sockets;

namespace ClinicApp.Tests.Fakes;

/// <summary>An SMTP server that accepts connections and never says a word: what makes a send hang until
/// the outbox's timeout. Counts the connections it took.</summary>
public sealed class SilentSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];
    private readonly Task _accepting;

    public SilentSmtpServer()
    {
        _listener.Start();
        _accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_accepted)
                    {
                        _accepted.Add(client);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // stopped
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        lock (_accepted)
        {
            _accepted.ForEach(c => c.Dispose());
        }
    }
}
