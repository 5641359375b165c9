// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Tally test USDT
/// @notice An ERC-20 token for Tally's EVM adapter tests: 6 decimals and the symbol "USDT", like Tether's token, so
/// a second deployment is exactly the "same symbol at another address" a watcher must ignore. Anyone may mint: the
/// money is not real. Never deploy it where its tokens could be mistaken for real ones.
contract TallyTestToken {
    string public constant name = "Tally Test USD";
    string public constant symbol = "USDT";
    uint8 public constant decimals = 6;

    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice Creates `value` base units for `to` (a Transfer from the zero address, as ERC-20 suggests).
    function mint(address to, uint256 value) external {
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @notice One transaction paying several recipients, one Transfer log each (like an exchange's payout batch).
    function transferMany(address[] calldata to, uint256[] calldata values) external returns (bool) {
        require(to.length == values.length, "lengths differ");
        for (uint256 i = 0; i < to.length; i++) {
            _transfer(msg.sender, to[i], values[i]);
        }
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    /// @notice Standard ERC-20: a zero value needs no allowance, so anyone can make zero-value Transfer logs from any
    /// holder (the "address poisoning" spam a watcher must not credit).
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        require(allowed >= value, "allowance exceeded");
        if (allowed != type(uint256).max) {
            allowance[from][msg.sender] = allowed - value;
        }
        _transfer(from, to, value);
        return true;
    }

    function _transfer(address from, address to, uint256 value) private {
        require(balanceOf[from] >= value, "balance exceeded");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
