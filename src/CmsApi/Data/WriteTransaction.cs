using System.Data.Common;

namespace CmsApi.Data;

/// <summary>
/// A write transaction from <see cref="Database.BeginWriteAsync"/>: the transaction itself (to commit, and to hand to
/// each statement) and, on SQLite, this process's turn to write, given back when it is disposed, after the commit or
/// the rollback.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly SemaphoreSlim? _turn;
    private bool _disposed;

    internal WriteTransaction(DbTransaction transaction, SemaphoreSlim? turn)
    {
        Transaction = transaction;
        _turn = turn;
    }

    public DbTransaction Transaction { get; }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            await Transaction.DisposeAsync(); // rolls back what was not committed
        }
        finally
        {
            _turn?.Release();
        }
    }
}
