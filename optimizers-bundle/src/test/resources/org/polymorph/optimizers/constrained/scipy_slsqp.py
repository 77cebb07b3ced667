# The test problems of HockSchittkowski.java run through scipy.optimize.minimize(method="SLSQP"), ftol 1e-10;
# prints {name: {x, f, nit, nfev, status}} as one JSON line for SlsqpScipyTest.
import numpy as np, json
from scipy.optimize import minimize, rosen, rosen_der
out={}
def run(name, f, g, x0, cons, bounds):
    r = minimize(f, x0, jac=g, method='SLSQP', constraints=cons, bounds=bounds, options={'ftol':1e-10,'maxiter':100})
    out[name]=dict(x=r.x.tolist(), f=r.fun, nit=r.nit, nfev=r.nfev, status=r.status)
run('hs21', lambda x: 0.01*x[0]**2+x[1]**2-100, lambda x: np.array([0.02*x[0],2*x[1]]), [-1,-1],
    [dict(type='ineq', fun=lambda x: np.array([10*x[0]-x[1]-10]), jac=lambda x: np.array([[10.,-1.]]))], [(2,50),(-50,50)])
run('hs35', lambda x: 9-8*x[0]-6*x[1]-4*x[2]+2*x[0]**2+2*x[1]**2+x[2]**2+2*x[0]*x[1]+2*x[0]*x[2],
    lambda x: np.array([-8+4*x[0]+2*x[1]+2*x[2], -6+4*x[1]+2*x[0], -4+2*x[2]+2*x[0]]), [0.5]*3,
    [dict(type='ineq', fun=lambda x: np.array([3-x[0]-x[1]-2*x[2]]), jac=lambda x: np.array([[-1.,-1,-2]]))], [(0,None)]*3)
run('hs71', lambda x: x[0]*x[3]*(x[0]+x[1]+x[2])+x[2],
    lambda x: np.array([x[3]*(2*x[0]+x[1]+x[2]), x[0]*x[3], x[0]*x[3]+1, x[0]*(x[0]+x[1]+x[2])]), [1,5,5,1],
    [dict(type='ineq', fun=lambda x: np.array([x[0]*x[1]*x[2]*x[3]-25]), jac=lambda x: np.array([[x[1]*x[2]*x[3],x[0]*x[2]*x[3],x[0]*x[1]*x[3],x[0]*x[1]*x[2]]])),
     dict(type='eq', fun=lambda x: np.array([np.sum(np.square(x))-40]), jac=lambda x: np.array([2*x]))], [(1,5)]*4)
run('hs76', lambda x: x[0]**2+0.5*x[1]**2+x[2]**2+0.5*x[3]**2-x[0]*x[2]+x[2]*x[3]-x[0]-3*x[1]+x[2]-x[3],
    lambda x: np.array([2*x[0]-x[2]-1, x[1]-3, 2*x[2]-x[0]+x[3]+1, x[3]+x[2]-1]), [0.5]*4,
    [dict(type='ineq', fun=lambda x: np.array([5-x[0]-2*x[1]-x[2]-x[3], 4-3*x[0]-x[1]-2*x[2]+x[3], x[1]+4*x[2]-1.5]),
          jac=lambda x: np.array([[-1.,-2,-1,-1],[-3,-1,-2,1],[0,1,4,0]]))], [(0,None)]*4)
run('rosen_disk', rosen, rosen_der, [-1.2, 1.0],
    [dict(type='ineq', fun=lambda x: np.array([1-x[0]**2-x[1]**2]), jac=lambda x: np.array([[-2*x[0],-2*x[1]]]))], [(-2,2),(-2,2)])
run('rosen_bound', rosen, rosen_der, [-1.2, 1.0],
    [dict(type='ineq', fun=lambda x: np.array([1-x[0]**2-x[1]**2]), jac=lambda x: np.array([[-2*x[0],-2*x[1]]]))], [(-2,0.5),(-2,2)])
n=16
t=1+0.1*np.arange(n); a=0.3+0.05*np.arange(n)
Q=2*np.eye(n)-0.5*np.eye(n,k=1)-0.5*np.eye(n,k=-1)
A=np.zeros((5,n))
for k in range(5): A[k,3*k:3*k+4]=1
run('blocks16', lambda x: 0.1*np.sum(np.exp(a*x))+0.5*x@Q@x-t@x, lambda x: 0.1*a*np.exp(a*x)+Q@x-t, np.zeros(n),
    [dict(type='ineq', fun=lambda x: 3-A@x, jac=lambda x: -A)], [(-1,0.85)]*n)
print(json.dumps(out))
