//! The fabric and curtain workshop's pure rules: the curtain calculator (`curtain`); rolls,
//! which roll a cut comes from and when what is left is an offcut (`rolls`); a cutting item's
//! states and what reserving, cutting and cancelling do to a fabric's stock in one warehouse
//! (`cutting`); the final invoice's netting of the deposit and its cost out of work in progress
//! (`invoice`); an installation's states (`installation`); and the workshop's refusals
//! (`error`). Lengths are in millimetres (thousandths of a metre, as every quantity), amounts
//! in minor units.

pub mod curtain;
pub mod cutting;
pub mod error;
pub mod installation;
pub mod invoice;
pub mod rolls;

pub use curtain::{Curtain, CurtainCut};
pub use cutting::{Action, CutTaken, Fabric, FabricStock, ItemState, Step, WorkshopAccounts};
pub use error::WorkshopError;
pub use installation::{InstallState, InstallStep};
pub use invoice::{DepositAccounts, FinalInvoice, cancel_deposit, final_invoice, take_deposit};
pub use rolls::{NewRoll, Roll, RollCut, choose_roll, rolls_make_up, take};
