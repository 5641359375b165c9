-- A transfer to an EVM address is matched by the address's lower case (EVM addresses compare case-insensitively;
-- the EIP-55 spelling is stored): an index on that expression, so matching does not read the whole table.
CREATE INDEX deposit_addresses_evm_lookup_idx ON command.deposit_addresses (lower(address)) WHERE chain = 'ethereum';
